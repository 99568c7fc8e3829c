/**
 * Pulling the ripcord. The decision is written first (phase RollingBack with the event), then the
 * plan runs with every action journaled, so a crash between deciding and applying resumes the
 * same plan without repeating or losing an action. Verification follows: the target must serve
 * healthily and the pulled release must receive nothing, or the incident escalates.
 */
import { buildRollbackPlan } from '../actions/rollback-plan.js';
import { runPlan } from '../actions/run-plan.js';
import { newId } from '../core/ids.js';
import { openIncident, recordExecution, recordVerification } from '../incidents/index.js';
import type { Incident } from '../incidents/index.js';
import type { ReconcileContext } from './reconcile-context.js';
import { ms } from './rollout-spec.js';

export interface RollbackRequest {
  trigger: string;
  reason: string;
  actor: string;
  /** Explicit target (manual `rollback --to`); default: the target decided at start. */
  target?: string | undefined;
  firstBreachAt?: number | undefined;
}

/** Records the decision to roll back and opens the incident; the plan runs in the same pass. */
export async function decideRollback(ctx: ReconcileContext, request: RollbackRequest): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const target = request.target ?? status.rollbackTarget.release ?? status.baseline;
  const role =
    status.promotedAt !== undefined
      ? 'production'
      : spec.blueGreen
        ? 'green'
        : spec.shadow
          ? 'shadow'
          : 'canary';
  const eventId = newId('rb');
  status.rollback = {
    eventId,
    trigger: request.trigger,
    reason: request.reason,
    target,
    actor: request.actor,
    role,
    firstBreachAt: request.firstBreachAt ?? status.firstBreachAt ?? now,
    decidedAt: now,
    verification: 'pending',
  };
  status.phase = 'RollingBack';
  const decision = status.lastDecision;
  const severity =
    request.trigger === 'manual'
      ? 'manual'
      : (decision?.readings.find((r) => r.trigger === request.trigger)?.severity ?? 'hard');
  const incident: Incident = openIncident({
    id: eventId,
    model: spec.model,
    release: spec.release,
    target,
    rollout: ctx.name,
    trigger: request.trigger,
    reason: request.reason,
    severity,
    role,
    actor: request.actor,
    firstBreachAt: status.rollback.firstBreachAt,
    decidedAt: now,
    evidence: {
      samples: toSamples(deps.evidence?.(spec.model, spec.release)),
      ...(decision && request.trigger !== 'manual'
        ? {
            decision: {
              verdict: decision.verdict,
              reason: decision.reason,
              trigger: decision.trigger,
              at: decision.at,
              readings: decision.readings,
            },
          }
        : {}),
    },
  });
  ctx.pendingIncidents.push(incident);
  ctx.note('phase', `rolling back ${spec.release} → ${target}: ${request.reason}`);
  deps.emit({
    rollout: ctx.name,
    at: now,
    type: 'incident',
    message: `incident ${eventId} opened`,
    phase: status.phase,
  });
}

/** Runs (or resumes) the plan of the decided rollback. */
export async function executeRollback(ctx: ReconcileContext): Promise<void> {
  const { status, spec, deps } = ctx;
  const event = status.rollback;
  if (!event) return;
  // The decision is durable before the first action runs.
  if (ctx.dirty || ctx.pendingIncidents.length > 0) await ctx.persist();
  const plan = await buildRollbackPlan(
    deps.registry,
    {
      eventId: event.eventId,
      model: spec.model,
      release: spec.release,
      target: event.target,
      trigger: event.trigger,
      reason: event.reason,
      role: event.role,
      actor: event.actor,
      decidedAt: event.decidedAt,
    },
    { aliases: ['production'], external: deps.externalExecutors?.(spec) ?? [] },
  );
  const run = await runPlan(plan, {
    journal: deps.journal,
    clock: deps.clock,
    onAction: (action) =>
      deps.emit({
        rollout: ctx.name,
        at: deps.clock.now(),
        type: 'action',
        message: `${action.name} ${action.outcome?.result ?? action.status}`,
        action,
      }),
  });
  const incident = await loadIncident(ctx);
  const body = recordExecution(incident.body, run);
  if (run.outcome === 'succeeded') {
    event.executedAt = run.endedAt;
    event.outcome = 'succeeded';
    status.phase = 'RolledBack';
    ctx.note('phase', `rolled back to ${event.target}; verifying recovery`);
  } else {
    event.outcome = 'failed';
    const failed = run.actions.find((a) => a.outcome?.result === 'failed');
    ctx.note(
      'alert',
      `rollback plan ${run.outcome} at ${failed?.name ?? '?'}: ${failed?.outcome?.error ?? ''}; retrying`,
    );
  }
  await deps.incidents.update(event.eventId, body, incident.revision, new Date(ctx.now).toISOString());
  ctx.dirty = true;
}

/** After the plan: the pulled release gets no traffic and the target serves within the error budget. */
export async function verifyRollback(ctx: ReconcileContext): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const event = status.rollback;
  if (!event?.executedAt || event.verification !== 'pending') return;
  const within = ms(spec.verify.within);
  if (now - event.executedAt < within) return;
  const from = event.executedAt + 1000;
  const pulled = deps.telemetry.window({ model: spec.model, release: spec.release, from, to: now });
  const target = deps.telemetry.window({ model: spec.model, release: event.target, from, to: now });
  // No request at all since the rollback is no evidence of recovery (e.g. a restarted gateway has
  // not served yet): "no data" stays pending, it never reads as verified.
  // After ten verification windows without traffic a person must look: escalate, never loop forever.
  const noTraffic = target.requests === 0 && pulled.requests === 0;
  if (noTraffic && now - event.executedAt < within * 10) return;
  const failures = target.outcomes.serverError + target.outcomes.timeout + target.outcomes.connectionError;
  const errorRate = target.requests > 0 ? failures / target.requests : 0;
  const problems: string[] = noTraffic
    ? [`no traffic reached ${event.target} within ${within * 10} ms to verify recovery`]
    : [];
  if (pulled.requests > 0 && status.phase === 'RolledBack') {
    const pinned = pulled.requests <= Math.max(1, target.requests * 0.001);
    if (!pinned) problems.push(`${spec.release} still received ${pulled.requests} requests`);
  }
  if (errorRate > spec.verify.maxErrorRate) {
    problems.push(
      `${event.target} error rate ${(errorRate * 100).toFixed(2)} % exceeds ${(spec.verify.maxErrorRate * 100).toFixed(2)} %`,
    );
  }
  const incident = await loadIncident(ctx);
  const verified = problems.length === 0;
  const message = verified
    ? `${target.requests} requests on ${event.target}, error rate ${(errorRate * 100).toFixed(2)} %, none on ${spec.release}`
    : problems.join('; ');
  const body = recordVerification(incident.body, now, verified, message);
  if (verified) {
    event.verification = 'verified';
    event.verifiedAt = now;
    ctx.note('phase', `recovery verified: ${message}`);
  } else {
    event.verification = 'escalated';
    ctx.note('alert', `rollback not verified, escalating: ${message}`);
  }
  await deps.incidents.update(event.eventId, body, incident.revision, new Date(now).toISOString());
}

/** The incident of the current rollback; recreated from the stored event if a crash lost it. */
async function loadIncident(ctx: ReconcileContext) {
  const { deps, status, spec } = ctx;
  const event = status.rollback;
  if (!event) throw new Error('no rollback event');
  const found = await deps.incidents.get(event.eventId);
  if (found) return found;
  const recreated = openIncident({
    id: event.eventId,
    model: spec.model,
    release: spec.release,
    target: event.target,
    rollout: ctx.name,
    trigger: event.trigger,
    reason: event.reason,
    severity: event.trigger === 'manual' ? 'manual' : 'hard',
    role: event.role,
    actor: event.actor,
    firstBreachAt: event.firstBreachAt,
    decidedAt: event.decidedAt,
  });
  return deps.incidents.create(event.eventId, recreated, new Date(ctx.now).toISOString());
}

function toSamples(value: unknown): Incident['evidence']['samples'] {
  return Array.isArray(value) ? (value as Incident['evidence']['samples']) : [];
}
