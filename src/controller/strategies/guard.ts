/**
 * The guard: a fully promoted release stays watched against the baseline's pre-promotion window,
 * every tick at first and then at an interval, and is rolled back on a hard breach.
 */
import { judgeRollout } from '../judge-rollout.js';
import type { JudgeCache } from '../judge-rollout.js';
import type { ReconcileContext } from '../reconcile-context.js';
import { decideRollback, executeRollback } from '../rollback.js';
import { ms } from '../rollout-spec.js';
import { checkWarmStandby } from './blue-green.js';

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
  }
}
