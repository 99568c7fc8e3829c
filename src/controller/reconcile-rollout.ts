/**
 * One level-triggered, idempotent reconcile pass over one rollout: judge, then act, then write
 * the status once. Each stage returns early when it is not done, so a pass never skips ahead.
 * The phase picks the work; each strategy lives in strategies/ (canary, blue-green, shadow, guard).
 */
import { applyTraffic } from './apply-traffic.js';
import type { JudgeCache } from './judge-rollout.js';
import type { ReconcileContext } from './reconcile-context.js';
import { executeRollback } from './rollback.js';
import type { Phase } from './rollout-state.js';
import { blueGreen } from './strategies/blue-green.js';
import { canary } from './strategies/canary.js';
import { guard, watchAfterRollback } from './strategies/guard.js';
import { shadow } from './strategies/shadow.js';
import { verifyRollback } from './verify-rollback.js';

export async function reconcileRollout(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status } = ctx;
  switch (status.phase) {
    // During and after a rollback the plan's traffic action owns the routing.
    case 'RollingBack':
      await executeRollback(ctx);
      return;
    case 'RolledBack':
      if (status.rollback?.verification === 'pending') await verifyRollback(ctx, judges);
      else await watchAfterRollback(ctx, judges);
      return;
    case 'Aborted':
    case 'Blocked':
    case 'Completed':
      await applyTraffic(ctx);
      if (!status.settled) {
        status.settled = true;
        ctx.dirty = true;
      }
      return;
    case 'Guarding':
      await applyTraffic(ctx);
      await guard(ctx, judges);
      return;
    case 'Progressing':
    case 'Paused':
      if (ctx.spec.canary) await canary(ctx, judges);
      else if (ctx.spec.blueGreen) await blueGreen(ctx, judges);
      else await shadow(ctx);
      if ((status.phase as Phase) === 'RollingBack') await executeRollback(ctx);
      else await applyTraffic(ctx);
  }
}
