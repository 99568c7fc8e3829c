/**
 * Operations over the API: `doctor` per model, the model's runbook (and the steps a person
 * walked through, into the audit trail), and drills (start one, read one, list them with their
 * MTTR phases).
 */
import { z } from 'zod';
import { defineRoute } from '../define-route.js';
import type { RouteDefinition } from '../define-route.js';
import type { Controller } from '../../controller/create-controller.js';
import { DRILL_FAULTS } from '../../controller/drill-mark.js';
import type { DocumentStore } from '../../registry/document-store.js';
import { doctorReport } from '../../operations/doctor/doctor-checks.js';
import { DrillRecordSchema } from '../../operations/drill/drill-record.js';
import type { DrillRecord } from '../../operations/drill/drill-record.js';
import { startDrill } from '../../operations/drill/run-drill.js';
import { gatherModelFacts } from '../../operations/model-facts.js';
import { lintRunbook } from '../../operations/runbook/lint-runbook.js';
import { buildRunbook } from '../../operations/runbook/runbook.js';

const Name = z.object({ name: z.string().min(1) });

const DoctorCheckSchema = z.object({
  name: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  detail: z.string(),
  fix: z.string(),
});
export const DoctorResponseSchema = z.object({
  model: z.string(),
  checkedAt: z.string(),
  ok: z.boolean(),
  checks: z.array(DoctorCheckSchema),
  /** The acting triggers, as written: a client holding an alert rules file checks them against it. */
  triggers: z.array(z.string()),
});

const ProblemSchema = z.object({ step: z.string(), problem: z.string(), fix: z.string() });
export const RunbookResponseSchema = z.object({
  model: z.string(),
  title: z.string(),
  generatedAt: z.string(),
  sections: z.array(
    z.object({
      id: z.string(),
      heading: z.string(),
      lines: z.array(z.string()).optional(),
      steps: z.array(z.object({ text: z.string(), command: z.string().optional() })).optional(),
      table: z.object({ head: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
    }),
  ),
  problems: z.array(ProblemSchema),
  triggers: z.array(z.string()),
});

export interface OperationsRouteOptions {
  controller: Controller;
  drills: DocumentStore<DrillRecord>;
  gatewayUrl(): string;
}

export function operationsRoutes(options: OperationsRouteOptions): RouteDefinition[] {
  const { controller, drills } = options;
  const listDrills = async () => (await drills.list()).map((d) => d.body);
  const facts = (name: string) => gatherModelFacts({ deps: controller.deps, drills: listDrills }, name);
  const acting = (f: Awaited<ReturnType<typeof facts>>) =>
    f.triggers.filter((t) => t.severity !== 'observe').map((t) => t.source);
  return [
    defineRoute({
      method: 'GET',
      url: '/models/:name/doctor',
      role: 'viewer',
      tag: 'operations',
      summary: "The model's rollback self-checks, each pass, warn or fail with its fix",
      params: Name,
      response: DoctorResponseSchema,
      handler: async ({ params }) => {
        const f = await facts(params.name);
        const problems = lintRunbook(f).map((p) => `${p.step}: ${p.problem}`);
        return { ...doctorReport(f, { runbookProblems: problems }), triggers: acting(f) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:name/runbook',
      role: 'viewer',
      tag: 'operations',
      summary:
        "The model's one-page runbook, built from the registry and its last rollout, with its stale steps",
      params: Name,
      response: RunbookResponseSchema,
      handler: async ({ params }) => {
        const f = await facts(params.name);
        return { ...buildRunbook(f, lintRunbook(f)), triggers: acting(f) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/models/:name/runbook/steps',
      role: 'operator',
      tag: 'operations',
      summary: 'Record a runbook step a person walked through (done or skipped) in the audit trail',
      params: Name,
      body: z
        .object({
          step: z.string().min(1).max(500),
          command: z.string().max(1000).optional(),
          outcome: z.enum(['done', 'skipped']),
          reason: z.string().max(1000).optional(),
        })
        .strict(),
      successStatus: 201,
      response: z.object({ seq: z.number(), at: z.string(), action: z.string(), target: z.string() }),
      handler: async ({ params, body, actor }) => {
        await controller.deps.registry.getModel(params.name);
        const entry = await controller.deps.registry.recordAudit({
          actor: actor.actor,
          action: `runbook.step.${body.outcome}`,
          target: params.name,
          reason: body.reason,
          after: { step: body.step, ...(body.command ? { command: body.command } : {}) },
          requestId: actor.requestId,
        });
        return { seq: entry.seq, at: entry.at, action: entry.action, target: entry.target };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/drills',
      role: 'viewer',
      tag: 'operations',
      summary: 'Drill records with their MTTR phases, newest first',
      query: z.object({ model: z.string().optional() }),
      response: z.array(DrillRecordSchema),
      handler: async ({ query }) =>
        (await listDrills())
          .filter((d) => !query.model || d.model === query.model)
          .sort((a, b) => b.startedAt - a.startedAt),
    }),
    defineRoute({
      method: 'GET',
      url: '/drills/:id',
      role: 'viewer',
      tag: 'operations',
      summary: 'One drill record',
      params: z.object({ id: z.string() }),
      response: DrillRecordSchema,
      handler: async ({ params }) => (await drills.require(params.id)).body,
    }),
    defineRoute({
      method: 'POST',
      url: '/drills',
      role: 'operator',
      tag: 'operations',
      summary:
        'Start a drill: a copy of production behind an injected fault, the real controller and plan, never paging',
      body: z
        .object({
          model: z.string().min(1),
          fault: z.enum(DRILL_FAULTS),
          weight: z.number().gt(0).max(50).optional(),
          rps: z.number().int().min(0).max(2000).optional(),
          liveExecutors: z.boolean().optional(),
          warmupMs: z.number().int().min(0).max(600_000).optional(),
          detectWithinMs: z.number().int().min(1000).max(3_600_000).optional(),
        })
        .strict(),
      successStatus: 202,
      response: DrillRecordSchema,
      handler: async ({ body, actor }) => {
        const { record, done } = await startDrill(
          { controller, drills, gatewayUrl: options.gatewayUrl },
          { ...body, actor: actor.actor },
        );
        done.catch(() => undefined);
        return record;
      },
    }),
  ];
}
