/** What the canary and blue/green strategies do with a judge's verdict while users are exposed. */
import type { Decision } from '../../analysis/judge.js';
import type { ReconcileContext } from '../reconcile-context.js';
import { notifyAlert } from '../notify-alert.js';
import { decideRollback } from '../rollback.js';

/** Hard breach → roll back now; soft → alert and pause; else keep going. True when it stopped the flow. */
export async function actOnDecision(ctx: ReconcileContext, decision: Decision): Promise<boolean> {
  if (decision.verdict === 'ROLLBACK_IMMEDIATELY') {
    await decideRollback(ctx, {
      trigger: decision.trigger ?? 'analysis',
      reason: decision.reason,
      actor: 'ripcord-controller',
    });
    return true;
  }
  if (decision.verdict === 'INVESTIGATE_FIRST' && ctx.status.phase !== 'Paused') {
    ctx.status.phase = 'Paused';
    ctx.note('alert', `paused for investigation: ${decision.reason}`);
    // A soft trigger needs a person as much as a rollback does: the notifiers hear of it.
    const key = `paused-${ctx.status.stage}-${ctx.status.stepIndex}-${ctx.status.stepStartedAt}`;
    await notifyAlert(
      ctx,
      key,
      decision.trigger ?? 'soft trigger',
      `paused for investigation: ${decision.reason}`,
    );
    return true;
  }
  return false;
}
