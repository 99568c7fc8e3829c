/** REST routes for rollouts (incidents: incident-routes.ts), plus a server-sent event stream for `--watch`. */
import { z } from 'zod';
import { defineRoute } from '../define-route.js';
import {
  ObservedTrafficResponse,
  RollbackPreviewResponse,
  RolloutResponse,
  StoredDecisionResponse,
} from '../responses/rollout-responses.js';
import type { RouteDefinition } from '../define-route.js';
import { DURATION_PATTERN } from '../../core/duration.js';
import type { Controller } from '../../controller/create-controller.js';
import { ROLLOUT_VERBS } from '../../controller/rollout-commands.js';
import { readModelTraffic } from '../../controller/plan/model-traffic.js';
import { ms, RolloutSpecSchema } from '../../controller/rollout-spec.js';
import { PHASES } from '../../controller/rollout-state.js';
import { sinceMs } from './since-filter.js';

const duration = z.string().regex(DURATION_PATTERN, 'write a duration such as 30s, 5m or 1h');

const Name = z.object({ name: z.string() });

export function rolloutRoutes(controller: Controller): RouteDefinition[] {
  const { deps } = controller;
  const view = async (name: string) => {
    const stored = await deps.rollouts.require(name);
    return { name, revision: stored.revision, ...stored.body };
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/rollouts',
      response: z.array(RolloutResponse),
      role: 'viewer',
      tag: 'rollouts',
      summary: 'List rollouts, newest first, with their phase (filters: model, phase, since)',
      query: z.object({
        model: z.string().optional(),
        phase: z.enum(PHASES).optional(),
        since: z.string().min(1).optional(),
      }),
      handler: async ({ query }) => {
        const since = sinceMs(query.since, deps.clock.now());
        return (await deps.rollouts.list())
          .filter((r) => !query.model || r.body.spec.model === query.model)
          .filter((r) => !query.phase || r.body.status.phase === query.phase)
          .filter((r) => since === undefined || r.body.status.startedAt >= since)
          .sort((a, b) => b.body.status.startedAt - a.body.status.startedAt)
          .map((r) => ({ name: r.id, revision: r.revision, ...r.body }));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/rollouts',
      response: RolloutResponse,
      role: 'operator',
      tag: 'rollouts',
      summary: 'Start a rollout (refused with 409 when there is no healthy rollback target)',
      body: RolloutSpecSchema,
      successStatus: 201,
      handler: async ({ body, actor }) => {
        await controller.startRollout(body, actor);
        return view(body.name);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/rollouts/:name',
      response: RolloutResponse,
      role: 'viewer',
      tag: 'rollouts',
      summary: "A rollout's spec and status (ETag: its revision)",
      params: Name,
      handler: ({ params }) => view(params.name),
    }),
    ...ROLLOUT_VERBS.map((verb) =>
      defineRoute({
        method: 'POST',
        url: `/rollouts/:name/${verb}`,
        response: RolloutResponse,
        role: 'operator',
        tag: 'rollouts',
        summary: `${verb[0]?.toUpperCase()}${verb.slice(1)} a rollout (If-Match: revision; a conflicting command gets 409)`,
        params: Name,
        body: z
          .object({ reason: z.string().optional(), full: z.boolean().optional(), to: z.string().optional() })
          .strict()
          .optional(),
        handler: async ({ params, body, actor }) => {
          await controller.command(params.name, verb, { ...actor, full: body?.full, to: body?.to });
          return view(params.name);
        },
      }),
    ),
    defineRoute({
      method: 'GET',
      url: '/rollouts/:name/rollback-plan',
      response: RollbackPreviewResponse,
      role: 'operator',
      tag: 'rollouts',
      summary:
        'What a rollback would do now (the dry run of `rollback`): its target and each step, read from the systems, nothing written',
      params: Name,
      query: z.object({ to: z.string().min(1).optional() }).strict(),
      handler: ({ params, query, actor }) =>
        controller.previewRollback(params.name, { actor: actor.actor, to: query.to }),
    }),
    defineRoute({
      method: 'GET',
      url: '/rollouts/:name/decisions',
      response: z.array(StoredDecisionResponse),
      role: 'viewer',
      tag: 'rollouts',
      summary: 'Stored decisions of a rollout with their readings and reasons',
      params: Name,
      query: z.object({ limit: z.coerce.number().int().positive().max(1000).default(100) }),
      handler: async ({ params, query }) => {
        await deps.rollouts.require(params.name);
        const all = await deps.decisions.list({ prefix: `${params.name}/` });
        return all.slice(-query.limit).map((d) => d.body);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/rollouts/:name/events',
      response: z.string(),
      eventStream: true,
      role: 'viewer',
      tag: 'rollouts',
      summary: 'Server-sent events: the rollout now, then every step, decision and action as it happens',
      params: Name,
      handler: async ({ params, request, reply }) => {
        const first = await view(params.name);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-request-id': request.id,
        });
        res.write(`event: rollout\ndata: ${JSON.stringify(first)}\n\n`);
        const unsubscribe = controller.subscribe((event) => {
          if (event.rollout !== params.name) return;
          res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        });
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        request.raw.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:model/telemetry',
      response: ObservedTrafficResponse,
      role: 'viewer',
      tag: 'rollouts',
      summary: "The model's recent traffic (what `ripcord rollout plan` plans detection at)",
      params: z.object({ model: z.string() }),
      query: z.object({ over: duration.default('15m') }),
      handler: async ({ params, query }) => {
        await deps.registry.getModel(params.model);
        return readModelTraffic(deps, params.model, ms(query.over), deps.clock.now());
      },
    }),
  ];
}
