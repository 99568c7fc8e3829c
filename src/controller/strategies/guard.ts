/**
 * The guard: a fully promoted release stays watched against the baseline's pre-promotion window,
 * every tick at first and then at an interval, and is rolled back on a hard breach. After a
 * rollback, the target is watched the same way (watchAfterRollback).
 */
import { judgeRollout } from '../judge-rollout.js';
import type { JudgeCache } from '../judge-rollout.js';
import type { ReconcileContext } from '../reconcile-context.js';
import { judgeLook } from '../../analysis/judge-look.js';
import { formatElapsed } from '../../core/duration.js';
import { endWatch, recordRelapse } from '../../incidents/index.js';
import type { Incident } from '../../incidents/index.js';
import { notifyAlert } from '../notify-alert.js';
import { decideRollback, executeRollback, loadIncident, notifyIncident } from '../rollback.js';
import { preIncidentSpan, verificationTriggers } from '../verify-rollback.js';
import { ms } from '../rollout-spec.js';
import { checkWarmStandby } from './blue-green.js';
import { metricsFor } from '../measurements-source.js';
import { DeferredSnapshot } from '../../analysis/deferred-snapshot.js';

export async function guard(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status, spec, now } = ctx;
  const promotedAt = status.promotedAt ?? now;
  const fast = now - promotedAt < ms(spec.guard.fastFor);
  if (!fast && status.lastGuardAt !== undefined && now - status.lastGuardAt < ms(spec.guard.interval)) return;
  status.lastGuardAt = now;
  await checkWarmStandby(ctx);
  const decision = await judgeRollout(ctx, judges, {
    stage: 'guard',
    candidate: spec.release,
    baseline: status.baseline,
    candidateShare: 1,
    since: promotedAt,
    baselineSpan: { from: promotedAt - ms(spec.guard.baselineWindow), to: promotedAt },
    triggers: spec.guard.triggers,
  });
  if (decision.verdict === 'ROLLBACK_IMMEDIATELY') {
    await decideRollback(ctx, {
      trigger: decision.trigger ?? 'guard',
      reason: decision.reason,
      actor: 'ripcord-controller',
    });
    await executeRollback(ctx);
  } else if (decision.verdict === 'INVESTIGATE_FIRST') {
    const last = status.alerts.at(-1);
    if (last?.message !== decision.reason) ctx.note('alert', `guard: ${decision.reason}`);
    // A soft breach after promotion needs a person too. Its readings change every look, so the
    // notice is keyed by trigger: once per trigger for as long as this release is guarded.
    const trigger = decision.trigger ?? 'soft trigger';
    await notifyAlert(ctx, `guard-${trigger}`, trigger, `guard: ${decision.reason}`);
  }
}

/**
 * The post-rollback watch: once recovery is verified, the target stays under the rollout's
 * triggers, judged every tick against its own pre-incident window, for `spec.verify.watchFor`
 * (caches, feature pipelines and sessions can take a while to settle back). A breach there is a
 * relapse: the incident re-opens, escalated to a person, since the target is already the last
 * known good and there is nothing further to roll back to.
 */
export async function watchAfterRollback(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const event = status.rollback;
  if (!event || event.verification !== 'verified' || event.watchUntil === undefined) return;
  if (event.watchEndedAt !== undefined || event.relapsedAt !== undefined) return;
  if (now >= event.watchUntil) {
    event.watchEndedAt = now;
    ctx.note('phase', `post-rollback watch ended: ${event.target} held for ${spec.verify.watchFor}`);
    await updateIncident(ctx, (incident) => endWatch(incident, now));
    return;
  }
  const since = event.verifiedAt ?? now;
  const judge = judges.get(
    ctx.name,
    'watch',
    since,
    verificationTriggers(ctx),
    { consecutiveBreaches: spec.analysis.consecutiveBreaches, alpha: spec.analysis.alpha },
    status.judgeState,
  );
  const decision = await judgeLook(judge, metricsFor(spec, deps.metrics), {
    model: spec.model,
    candidate: event.target,
    baseline: event.target,
    candidateShare: 1,
    now,
    since,
    baselineSpan: preIncidentSpan(ctx, event.firstBreachAt),
    baselineMetrics: status.baselineMetrics,
  });
  // Taken when the status is written (most looks' statuses are not): see DeferredSnapshot.
  status.judgeState = new DeferredSnapshot(() => judge.snapshot());
  if (decision.verdict !== 'ROLLBACK_IMMEDIATELY') return;
  await ctx.beforeEffect();
  event.relapsedAt = now;
  const reason = `${event.target} relapsed ${formatElapsed(now - since)} after recovery: ${decision.reason}`;
  ctx.note('alert', `${reason}; incident ${event.eventId} re-opened and escalated`);
  await updateIncident(ctx, (incident) =>
    recordRelapse(incident, {
      at: now,
      trigger: decision.trigger ?? 'watch',
      reason: decision.reason,
      readings: decision.readings,
    }),
  );
  deps.emit({
    rollout: ctx.name,
    at: now,
    type: 'incident',
    message: `incident ${event.eventId} re-opened: ${reason}`,
    phase: status.phase,
  });
  await notifyIncident(ctx, 'escalated', reason);
}

async function updateIncident(
  ctx: ReconcileContext,
  change: (incident: Incident) => Incident,
): Promise<void> {
  const stored = await loadIncident(ctx);
  const next = change(stored.body);
  if (next !== stored.body)
    await ctx.deps.incidents.update(stored.id, next, stored.revision, new Date(ctx.now).toISOString());
}
