/**
 * Pulling the ripcord. The decision is written first (phase RollingBack with the event), then the
 * plan runs with every action journaled, so a crash between deciding and applying resumes the
 * same plan without repeating or losing an action. Verification follows (verify-rollback.ts):
 * the judges must confirm the target recovered, or the incident escalates.
 */
import { buildRollbackPlan } from '../actions/rollback-plan.js';
import { runPlan } from '../actions/run-plan.js';
import { newId } from '../core/ids.js';
import { actionId } from '../actions/executors/executor.js';
import { decisionEvidence, openIncident, recordExecution } from '../incidents/index.js';
import type { Incident } from '../incidents/index.js';
import type { ReconcileContext } from './reconcile-context.js';
import { releaseRole } from './release-role.js';

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
  const role = releaseRole(spec, status);
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
      : // Only hard and soft triggers decide; `observe:` ones never act.
        decision?.readings.find((r) => r.trigger === request.trigger)?.severity === 'soft'
        ? 'soft'
        : 'hard';
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
      ...(decision && request.trigger !== 'manual' ? { decision: decisionEvidence(decision) } : {}),
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
  await ctx.beforeEffect();
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
    event.trafficRestoredAt = run.trafficRestoredAt ?? run.endedAt;
    event.outcome = 'succeeded';
    // Verification judges the target afresh: the deciding stage's counters must not carry over.
    status.judgeState = undefined;
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

/**
 * Tells the rollout's webhooks that the rollback was not verified and a person must act. Journaled
 * like the plan's actions (`${eventId}/webhook-escalation:NAME`), so a restart does not repeat it.
 */
export async function notifyEscalation(ctx: ReconcileContext, message: string): Promise<void> {
  const { status, spec, deps } = ctx;
  const event = status.rollback;
  const notifiers = deps.escalationNotifiers?.(spec) ?? [];
  if (!event || notifiers.length === 0) return;
  await ctx.beforeEffect();
  const context = {
    eventId: event.eventId,
    model: spec.model,
    release: spec.release,
    target: event.target,
    trigger: event.trigger,
    reason: message,
    role: event.role,
    actor: event.actor,
    decidedAt: event.decidedAt,
  };
  const run = await runPlan(
    {
      context,
      steps: notifiers.map((executor) => ({
        actionId: actionId(event.eventId, executor.name),
        kind: 'external' as const,
        executor,
        onFailure: 'continue' as const,
      })),
    },
    { journal: deps.journal, clock: deps.clock },
  );
  for (const action of run.actions)
    if (action.outcome?.result === 'failed')
      ctx.note('alert', `escalation ${action.name} failed: ${action.outcome.error ?? ''}`);
}

/** The incident of the current rollback; recreated from the stored event if a crash lost it. */
export async function loadIncident(ctx: ReconcileContext) {
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
