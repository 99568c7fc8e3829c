/**
 * A game day on one model: production's own bundle is registered again as a drill release behind
 * a fault proxy, a drill rollout sends it a small share of traffic (plus synthetic requests), the
 * fault is injected, and the real controller decides and runs the real rollback plan (external
 * executors only plan, unless told otherwise). The drill's record keeps the MTTR phases of its
 * incident, measured from the moment the fault was injected. Notices say "drill" and never page.
 */
import { newId } from '../../core/ids.js';
import { parseTrigger } from '../../analysis/triggers/index.js';
import { ConflictError, PreconditionError } from '../../core/errors.js';
import type { Controller } from '../../controller/create-controller.js';
import type { DrillFault } from '../../controller/drill-mark.js';
import { ACTIVE_PHASES } from '../../controller/rollout-state.js';
import { mttrBreakdown } from '../../incidents/index.js';
import type { DocumentStore } from '../../registry/document-store.js';
import type { DrillRecord } from './drill-record.js';
import { startFaultProxy } from './fault-proxy.js';
import { startSyntheticLoad } from './synthetic-load.js';

/** Triggers a drill uses when the model has no rollout to take them from: one per fault it can catch. */
export const DEFAULT_DRILL_TRIGGERS = [
  'hard: p95 latency up > 50%',
  'hard: error rate > 5%',
  'hard: prediction diversity down > 30%',
];

export interface DrillRequest {
  model: string;
  fault: DrillFault;
  /** Share of the model's traffic the drill release gets. @default 10 */
  weight?: number | undefined;
  /** Synthetic requests per second through the gateway (0: real traffic only). @default 50 */
  rps?: number | undefined;
  /** Run external executors for real. @default false */
  liveExecutors?: boolean | undefined;
  /** Healthy traffic before the fault, so both releases have a baseline. @default 5000 */
  warmupMs?: number | undefined;
  /** Give up (not detected) this long after the fault. @default 90000 */
  detectWithinMs?: number | undefined;
  actor: string;
}

export interface DrillServices {
  controller: Controller;
  drills: DocumentStore<DrillRecord>;
  /** The gateway synthetic requests go through. */
  gatewayUrl(): string;
}

/** Checks and records the drill, then runs it in the background; resolves with the record as started. */
export async function startDrill(
  services: DrillServices,
  request: DrillRequest,
): Promise<{ record: DrillRecord; done: Promise<DrillRecord> }> {
  const { controller, drills } = services;
  const { deps } = controller;
  const { registry, clock } = deps;
  const policy = await registry.getTrafficPolicy(request.model);
  const productionName =
    policy?.stable ?? (await registry.getAlias(request.model, 'production').catch(() => undefined))?.release;
  if (!productionName)
    throw new PreconditionError(
      `no production release of ${request.model} to drill: \`ripcord alias set ${request.model} production RELEASE\``,
    );
  const busy = (await deps.rollouts.list()).find(
    (r) =>
      r.body.spec.model === request.model &&
      ACTIVE_PHASES.includes(r.body.status.phase) &&
      r.body.status.phase !== 'Guarding',
  );
  if (busy)
    throw new ConflictError(
      `model ${request.model} has rollout "${busy.id}" in progress (${busy.body.status.phase}); drill when it ends`,
    );
  const production = await registry.getRelease(productionName);
  const backend = production.serving.backends[0]?.url;
  if (!backend) throw new PreconditionError(`${productionName} has no backend to drill against`);

  const last = (await deps.rollouts.list())
    .filter((r) => r.body.spec.model === request.model && !r.body.spec.drill)
    .sort((a, b) => b.body.status.startedAt - a.body.status.startedAt)[0];
  // A drill's synthetic users convert nothing: a KPI trigger could never read ok again and would
  // hold verification for want of data, so drills judge every trigger but the KPI ones.
  const taken = last?.body.spec.analysis.triggers.filter(
    (t) => parseTrigger(t, 'trigger').metric.kind !== 'kpi',
  );
  const triggers = taken && taken.length > 0 ? taken : DEFAULT_DRILL_TRIGGERS;
  const id = newId('drill');
  const suffix = id
    .slice(-8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0');
  const record: DrillRecord = {
    id,
    model: request.model,
    fault: request.fault,
    release: `${productionName}-drill-${suffix}`,
    target: productionName,
    rollout: `${request.model}-drill-${suffix}`,
    triggers,
    triggersFrom:
      taken && taken.length > 0
        ? `rollout ${last?.id ?? ''}${taken.length < (last?.body.spec.analysis.triggers.length ?? 0) ? ' (KPI triggers left out: synthetic users convert nothing)' : ''}`
        : 'the drill defaults (the model has no rollout with triggers)',
    executors: request.liveExecutors ? 'live' : 'dry-run',
    startedBy: request.actor,
    startedAt: clock.now(),
    outcome: 'running',
    message: `starting: ${request.fault} fault on a copy of ${productionName}`,
  };
  await drills.create(id, record, new Date(record.startedAt).toISOString());

  const proxy = await startFaultProxy(backend);
  const actor = { actor: request.actor, reason: `drill ${id}: ${request.fault}` };
  try {
    await registry.createRelease(
      {
        name: record.release,
        model: request.model,
        modelVersion: production.modelVersion,
        features: production.features,
        serving: { ...production.serving, backends: [{ url: proxy.url }] },
        description: `drill ${id}: ${productionName} behind an injected ${request.fault} fault`,
      },
      actor,
    );
    await controller.startRollout(
      {
        name: record.rollout,
        model: request.model,
        release: record.release,
        baseline: productionName,
        rollbackTo: productionName,
        canary: { steps: [{ setWeight: request.weight ?? 10 }, { pause: {} }] },
        analysis: { triggers },
        ...(last?.body.spec.verify ? { verify: last.body.spec.verify } : {}),
        ...(last?.body.spec.executors ? { executors: last.body.spec.executors } : {}),
        ...(last?.body.spec.notify ? { notify: last.body.spec.notify } : {}),
        drill: { id, fault: request.fault, liveExecutors: request.liveExecutors ?? false },
      },
      actor,
    );
  } catch (error) {
    await proxy.close();
    await finish(services, id, {
      outcome: 'failed',
      message: `could not start: ${(error as Error).message}`,
    });
    throw error;
  }
  const load =
    (request.rps ?? 50) > 0
      ? startSyntheticLoad(services.gatewayUrl(), request.model, request.rps ?? 50)
      : undefined;
  const done = (async () => {
    try {
      return await observe(services, record, request, () => proxy.inject(request.fault));
    } finally {
      await load?.stop();
      await proxy.close();
    }
  })();
  return { record, done };
}

async function observe(
  services: DrillServices,
  record: DrillRecord,
  request: DrillRequest,
  inject: () => void,
): Promise<DrillRecord> {
  const { deps } = services.controller;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(request.warmupMs ?? 5_000);
  inject();
  const faultAt = deps.clock.now();
  await finish(services, record.id, {
    faultAt,
    message: `${request.fault} fault injected; waiting for the controller`,
  });
  const deadline = faultAt + (request.detectWithinMs ?? 90_000);
  for (;;) {
    const { body } = await deps.rollouts.require(record.rollout);
    const { phase, rollback } = body.status;
    if (rollback && rollback.verification !== 'pending') {
      const incident = (await deps.incidents.require(rollback.eventId)).body;
      const mttr = mttrBreakdown(
        { ...incident, times: { ...incident.times, onsetAt: faultAt } },
        deps.clock.now(),
      );
      const recovered = rollback.verification === 'verified';
      return finish(services, record.id, {
        outcome: recovered ? 'recovered' : 'escalated',
        incidentId: rollback.eventId,
        mttr: { phases: mttr.phases, totalMs: mttr.totalMs, timeToMitigateMs: mttr.timeToMitigateMs },
        endedAt: deps.clock.now(),
        message: recovered
          ? `${rollback.trigger} caught the ${request.fault} fault; rolled back to ${rollback.target} and verified`
          : `rolled back on ${rollback.trigger} but recovery was not verified`,
      });
    }
    if (phase === 'Aborted' || phase === 'Blocked')
      return finish(services, record.id, {
        outcome: 'failed',
        endedAt: deps.clock.now(),
        message: `the drill rollout ended ${phase}: ${body.status.message}`,
      });
    if (!rollback && deps.clock.now() > deadline) {
      await services.controller
        .command(record.rollout, 'abort', {
          actor: request.actor,
          reason: `drill ${record.id}: not detected`,
        })
        .catch(() => undefined);
      return finish(services, record.id, {
        outcome: 'not-detected',
        endedAt: deps.clock.now(),
        message: `no trigger caught the ${request.fault} fault within ${(request.detectWithinMs ?? 90_000) / 1000} s (triggers from ${record.triggersFrom}); add one that would`,
      });
    }
    await sleep(250);
  }
}

async function finish(
  services: DrillServices,
  id: string,
  change: Partial<DrillRecord>,
): Promise<DrillRecord> {
  const { drills, controller } = services;
  const stored = await drills.require(id);
  const body = { ...stored.body, ...change };
  await drills.update(id, body, stored.revision, new Date(controller.deps.clock.now()).toISOString());
  return body;
}
