/**
 * Pulling the ripcord. The decision is written first (phase RollingBack with the event), then the
 * plan runs with every action journaled, so a crash between deciding and applying resumes the
 * same plan without repeating or losing an action. Verification follows (verify-rollback.ts):
 * the judges must confirm the target recovered, or the incident escalates.
 */
import type { ActionContext } from '../actions/executors/executor.js';
import { buildRollbackPlan } from '../actions/rollback-plan.js';
import type { RollbackPlan } from '../actions/rollback-plan.js';
import { runPlan, type RunPlanOptions } from '../actions/run-plan.js';
import { joinRuns, stagePlan } from '../actions/staged-plan.js';
import { newId } from '../core/ids.js';
import { decisionEvidence, openIncident, recordExecution, recordStages } from '../incidents/index.js';
import type { Incident, IncidentSeverity, OpenIncidentInput } from '../incidents/index.js';
import type { NoticeKind } from '../notifiers/notifier.js';
import type { ReconcileContext } from './reconcile-context.js';
import { freezeDecisionEvidence } from './incident-evidence.js';
import { retrainOnlyWithoutSafeTarget, withRetrainLink } from './no-safe-target.js';
import { releaseRole } from './release-role.js';
import { withRecordedRevisions } from './prestage-revisions.js';
import { beginStage, finishStage, immediateReason, plannedStages, stageOf } from './rollback-stages.js';
import type { RollbackEvent } from './rollout-state.js';
import { sendNotice } from './send-notice.js';

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
  const eventId = newId('rb');
  const event: RollbackEvent = {
    eventId,
    trigger: request.trigger,
    reason: request.reason,
    target,
    actor: request.actor,
    role: releaseRole(spec, status),
    firstBreachAt: request.firstBreachAt ?? status.firstBreachAt ?? now,
    decidedAt: now,
    verification: 'pending',
  };
  // The incident keeps the readings the rollback was decided on (the status moves on next tick).
  const decision = request.trigger === 'manual' ? undefined : status.lastDecision;
  const severity: IncidentSeverity =
    request.trigger === 'manual'
      ? 'manual'
      : // Only hard and soft triggers decide; `observe:` ones never act.
        decision?.readings.find((r) => r.trigger === request.trigger)?.severity === 'soft'
        ? 'soft'
        : 'hard';
  event.severity = severity;
  status.rollback = event;
  status.phase = 'RollingBack';
  ctx.pendingIncidents.push(
    openIncident({
      ...incidentInput(ctx, event, severity),
      evidence: {
        samples: toSamples(deps.evidence?.(spec.model, spec.release)),
        ...(decision ? { decision: decisionEvidence(decision) } : {}),
      },
    }),
  );
  ctx.note('phase', `rolling back ${spec.release} → ${target}: ${request.reason}`);
  deps.emit({
    rollout: ctx.name,
    at: now,
    type: 'incident',
    message: `incident ${eventId} opened`,
    phase: status.phase,
  });
}

/**
 * Runs (or resumes) the plan of the decided rollback: stage 1 (the model), and stage 2 (the
 * infrastructure) with it only when the rollout asks so for the decision's severity or a stage 2
 * begun before a restart is resuming; otherwise stage 2 waits for verification (verify-rollback.ts).
 */
export async function executeRollback(ctx: ReconcileContext): Promise<void> {
  const { status, deps } = ctx;
  const event = status.rollback;
  if (!event) return;
  const plan = await rollbackPlanOf(ctx, event);
  if (!event.stages) {
    event.stages = plannedStages(ctx.spec, event, plan);
    ctx.dirty = true;
  }
  // The decision (and its stages) is durable before the first action runs.
  if (ctx.dirty || ctx.pendingIncidents.length > 0) await ctx.persist();
  await ctx.beforeEffect();
  const first = await runPlan(stagePlan(plan, 1), planRunOptions(ctx));
  if (first.outcome === 'aborted') return;
  const stage1 = stageOf(event, 1);
  if (stage1) finishStage(stage1, first);
  let run = first;
  const stage2 = stageOf(event, 2);
  const why = stage2?.status === 'running' ? stage2.reason : immediateReason(ctx.spec, event);
  // Infrastructure is not touched over a model rollback whose traffic did not move.
  if (stage2 && stage2.status !== 'skipped' && why && first.trafficRestoredAt !== undefined) {
    beginStage(stage2, why, ctx.now);
    ctx.dirty = true;
    await ctx.persist();
    const second = await runPlan(stagePlan(plan, 2), planRunOptions(ctx));
    if (second.outcome === 'aborted') return;
    finishStage(stage2, second);
    run = joinRuns(first, second);
  }
  // The controller is stopping: the journal holds what ran, and the next leader resumes the plan
  // from there. Nothing failed, so nothing is recorded as failed.
  if (run.outcome === 'aborted') return;
  const incident = await loadIncident(ctx);
  const body = await freezeDecisionEvidence(
    ctx,
    event,
    recordStages(withRetrainLink(recordExecution(incident.body, run)), event.stages),
  );
  let escalate: string | undefined;
  if (run.outcome === 'succeeded') {
    // The incident keeps the milestones (it never moves one once set); the status shows them.
    event.executedAt = body.times.executedAt ?? run.endedAt;
    event.trafficRestoredAt = body.times.trafficRestoredAt ?? event.executedAt;
    event.outcome = 'succeeded';
    // Verification judges the target afresh: the deciding stage's counters must not carry over.
    status.judgeState = undefined;
    status.phase = 'RolledBack';
    ctx.note('phase', `rolled back to ${event.target}; verifying recovery`);
  } else {
    event.outcome = 'failed';
    const failed = run.actions.find((a) => a.outcome?.result === 'failed');
    const message = `rollback plan ${run.outcome} at ${failed?.name ?? '?'}: ${failed?.outcome?.error ?? ''}`;
    ctx.note('alert', `${message}; retrying`);
    if (failed && plan.steps.find((s) => s.actionId === failed.actionId)?.kind === 'traffic') {
      // Users may still reach the pulled release: a person must know now, not after verification.
      deps.logger.error(
        { rollout: ctx.name, incident: event.eventId, err: message },
        'rollback traffic not applied',
      );
      deps.emit({
        rollout: ctx.name,
        at: ctx.now,
        type: 'incident',
        message: `incident ${event.eventId} escalated: ${message}`,
        phase: status.phase,
      });
      escalate = message;
    }
  }
  await deps.incidents.update(event.eventId, body, incident.revision, new Date(ctx.now).toISOString());
  ctx.dirty = true;
  // After the plan, never before it: telling people must not delay moving the traffic.
  await notifyIncident(ctx, 'opened', event.reason);
  if (escalate !== undefined) await notifyIncident(ctx, 'escalated', escalate);
}

/** How a rollback plan runs: journaled, stopped by the controller's signal, each action streamed. */
export function planRunOptions(ctx: ReconcileContext): RunPlanOptions {
  const { deps } = ctx;
  return {
    journal: deps.journal,
    clock: deps.clock,
    signal: ctx.signal,
    onAction: (action) =>
      deps.emit({
        rollout: ctx.name,
        at: deps.clock.now(),
        type: 'action',
        message: `${action.name} ${action.outcome?.result ?? action.status}`,
        action,
      }),
  };
}

/**
 * Tells the rollout's notifiers of a change in the current rollback's incident (`reason` says
 * what happened). Journaled per notice (`${eventId}/${kind}`), so a restart does not repeat it.
 */
export async function notifyIncident(ctx: ReconcileContext, kind: NoticeKind, reason: string): Promise<void> {
  const event = ctx.status.rollback;
  if (!event) return;
  const action = rollbackContext(ctx, event);
  await sendNotice(ctx, {
    id: `${event.eventId}/${kind}`,
    kind,
    incidentId: event.eventId,
    rollout: ctx.name,
    model: action.model,
    release: action.release,
    target: action.target,
    trigger: action.trigger,
    reason,
    role: action.role,
    actor: action.actor,
    decidedAt: action.decidedAt,
    at: ctx.now,
  });
}

/** Tells the notifiers that the rollback was not verified and a person must act. */
export function notifyEscalation(ctx: ReconcileContext, message: string): Promise<void> {
  return notifyIncident(ctx, 'escalated', message);
}

/** The incident of the current rollback; recreated from the stored event if a crash lost it. */
export async function loadIncident(ctx: ReconcileContext) {
  const { deps, status } = ctx;
  const event = status.rollback;
  if (!event) throw new Error('no rollback event');
  const found = await deps.incidents.get(event.eventId);
  if (found) return found;
  // The decision's readings went with the lost incident; the severity falls back to its trigger kind.
  const recreated = openIncident(incidentInput(ctx, event, event.trigger === 'manual' ? 'manual' : 'hard'));
  return deps.incidents.create(event.eventId, recreated, new Date(ctx.now).toISOString());
}

/** What every action of the rollback knows: derived from the stored event, the one record of the decision. */
export function rollbackContext(ctx: ReconcileContext, event: RollbackEvent): ActionContext {
  return {
    eventId: event.eventId,
    model: ctx.spec.model,
    release: ctx.spec.release,
    target: event.target,
    trigger: event.trigger,
    reason: event.reason,
    role: event.role,
    actor: event.actor,
    decidedAt: event.decidedAt,
  };
}

/** The plan of a rollback: traffic through the router, the production alias, the release mark, flags, then external systems. */
export function rollbackPlanOf(ctx: ReconcileContext, event: RollbackEvent): Promise<RollbackPlan> {
  const { deps, spec } = ctx;
  const { router } = deps;
  // Infrastructure steps go to the revisions recorded for the target when the rollout started.
  const pinned = withRecordedRevisions(spec, ctx.status.infrastructureRevisions, event.target);
  return buildRollbackPlan(deps.registry, rollbackContext(ctx, event), {
    aliases: ['production'],
    external: retrainOnlyWithoutSafeTarget(deps.externalExecutors?.(pinned) ?? [], ctx.status.rollbackTarget),
    ...(router
      ? {
          traffic: {
            // The executor wrote the policy; the router moves the data plane to it and confirms.
            awaitApplied: async (model: string, revision: number, signal: AbortSignal) => {
              const written = await deps.registry.getTrafficPolicy(model);
              if (written) await router.apply(written, signal);
              await router.applied(model, revision, signal);
            },
          },
        }
      : {}),
  });
}

/** The incident a rollback opens: its identity and times, taken from the stored event. */
function incidentInput(
  ctx: ReconcileContext,
  event: RollbackEvent,
  severity: IncidentSeverity,
): OpenIncidentInput {
  const { eventId: id, ...action } = rollbackContext(ctx, event);
  return {
    ...action,
    id,
    rollout: ctx.name,
    severity,
    firstBreachAt: event.firstBreachAt,
    ...(ctx.spec.incident ? { policy: ctx.spec.incident } : {}),
    ...(ctx.spec.drill ? { drill: { id: ctx.spec.drill.id, fault: ctx.spec.drill.fault } } : {}),
  };
}

function toSamples(value: unknown): Incident['evidence']['samples'] {
  return Array.isArray(value) ? (value as Incident['evidence']['samples']) : [];
}
