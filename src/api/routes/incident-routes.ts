/**
 * REST routes for incidents: the list with filters (newest first), one incident with its MTTR
 * phases and recovery figures, its frozen evidence, the report (json, md, html) and the evidence
 * archive (tar.gz with a SHA-256 manifest). Nothing here deletes or rewrites evidence; the only
 * write is the fault onset, which is set once.
 */
import { z } from 'zod';
import { defineRoute } from '../define-route.js';
import type { RouteDefinition } from '../define-route.js';
import { NotFoundError } from '../../core/errors.js';
import {
  INCIDENT_STATUSES,
  mttrBreakdown,
  recordOnset,
  recoveryFigures,
  formatRecovery,
} from '../../incidents/index.js';
import type { Incident } from '../../incidents/index.js';
import { incidentArchiveFiles } from '../../incidents/report/archive-files.js';
import { buildIncidentReport } from '../../incidents/report/build-report.js';
import { renderHtml } from '../../incidents/report/render-html.js';
import { renderMarkdown } from '../../incidents/report/render-markdown.js';
import type { Controller } from '../../controller/create-controller.js';
import { tarGz } from '../incident-archive.js';
import { sinceMs } from './since-filter.js';

const Id = z.object({ id: z.string().min(1) });

/** The fields every incident view carries; the rest passes through as stored. */
const IncidentView = z.looseObject({
  id: z.string(),
  model: z.string(),
  release: z.string(),
  target: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  trigger: z.string(),
  times: z.looseObject({ firstBreachAt: z.number() }),
  mttr: z.looseObject({ phases: z.array(z.unknown()) }),
  recovery: z.looseObject({ line: z.string(), recovered: z.boolean() }),
  /** Which rollback stages ran and why (model first, infrastructure only with analysis). */
  stages: z
    .array(
      z.looseObject({
        stage: z.number().int(),
        status: z.enum(['waiting', 'running', 'ran', 'skipped']),
        reason: z.string(),
        steps: z.array(z.string()),
      }),
    )
    .optional(),
});

const EvidenceView = z.looseObject({ samples: z.array(z.unknown()) });

const ReportView = z.union([
  z.string(),
  z.looseObject({
    id: z.string(),
    severity: z.looseObject({ severity: z.string() }),
    timeline: z.array(z.unknown()),
  }),
]);

export function incidentRoutes(controller: Controller): RouteDefinition[] {
  const { deps } = controller;
  const view = (incident: Incident) => {
    const now = deps.clock.now();
    return {
      ...incident,
      mttr: mttrBreakdown(incident, now),
      recovery: { ...recoveryFigures(incident, now), line: formatRecovery(incident, now) },
    };
  };
  const find = async (id: string) => {
    const found = await deps.incidents.get(id);
    if (!found) throw new NotFoundError('incident', id, 'list incidents with `ripcord incident list`');
    return found;
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/incidents',
      role: 'viewer',
      tag: 'incidents',
      summary:
        'Incidents, newest first, with their MTTR phases and recovery figures (filters: model, status, since)',
      query: z
        .object({
          model: z.string().min(1).optional(),
          status: z.enum(INCIDENT_STATUSES).optional(),
          since: z.string().min(1).optional(),
          limit: z.coerce.number().int().positive().max(1000).optional(),
        })
        .strict(),
      response: z.array(IncidentView),
      handler: async ({ query }) => {
        const since = sinceMs(query.since, deps.clock.now());
        const found = (await deps.incidents.list())
          .map((d) => d.body)
          .filter((i) => !query.model || i.model === query.model)
          .filter((i) => !query.status || i.status === query.status)
          .filter((i) => since === undefined || (i.times.decidedAt ?? i.times.firstBreachAt) >= since)
          .sort(
            (a, b) =>
              (b.times.decidedAt ?? b.times.firstBreachAt) - (a.times.decidedAt ?? a.times.firstBreachAt),
          );
        return found.slice(0, query.limit ?? found.length).map(view);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/incidents/:id',
      role: 'viewer',
      tag: 'incidents',
      summary: 'One incident: timings, recovery figures, actions, evidence',
      params: Id,
      response: IncidentView,
      handler: async ({ params }) => view((await find(params.id)).body),
    }),
    defineRoute({
      method: 'GET',
      url: '/incidents/:id/evidence',
      role: 'viewer',
      tag: 'incidents',
      summary:
        'The evidence frozen at the decision and completed at verification (windows, series, releases, samples, readings)',
      params: Id,
      response: EvidenceView,
      handler: async ({ params }) => (await find(params.id)).body.evidence,
    }),
    defineRoute({
      method: 'GET',
      url: '/incidents/:id/report',
      role: 'viewer',
      tag: 'incidents',
      summary: 'The incident report: json (the data), md (Markdown) or html (one page with SVG charts)',
      params: Id,
      query: z.object({ format: z.enum(['json', 'md', 'html']).default('json') }).strict(),
      response: ReportView,
      handler: async ({ params, query, reply }) => {
        const report = buildIncidentReport((await find(params.id)).body, deps.clock.now());
        if (query.format === 'json') return report;
        const [type, text] =
          query.format === 'md'
            ? ['text/markdown; charset=utf-8', renderMarkdown(report)]
            : ['text/html; charset=utf-8', renderHtml(report)];
        return reply.header('content-type', type).send(text);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/incidents/:id/export',
      role: 'viewer',
      tag: 'incidents',
      summary:
        'The evidence archive: one tar.gz of the incident, evidence, report and charts with a SHA256SUMS manifest',
      params: Id,
      response: z.string().describe('application/gzip'),
      handler: async ({ params, reply }) => {
        const stored = await find(params.id);
        const archive = await tarGz(
          incidentArchiveFiles(stored.body, deps.clock.now()),
          new Date(stored.updatedAt),
        );
        return reply
          .header('content-type', 'application/gzip')
          .header('content-disposition', `attachment; filename="${params.id}.tar.gz"`)
          .send(archive);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/incidents/:id/onset',
      role: 'operator',
      tag: 'incidents',
      summary: 'Report when the fault began (set once; it cannot follow the first breach)',
      params: Id,
      body: z
        .object({ at: z.number().int().nonnegative(), reportedBy: z.string().min(1).optional() })
        .strict(),
      response: IncidentView,
      handler: async ({ params, body, actor }) => {
        const stored = await find(params.id);
        const updated = recordOnset(stored.body, body.at, body.reportedBy ?? actor.actor);
        if (updated === stored.body) return view(stored.body);
        await deps.incidents.update(
          params.id,
          updated,
          stored.revision,
          new Date(deps.clock.now()).toISOString(),
        );
        return view(updated);
      },
    }),
  ];
}
