/**
 * Tells a rollout's notifiers of a notice. Each delivery is journaled under
 * `${notice.id}/${notifier.name}`, so a controller that restarts, or a pass that repeats, never
 * sends the same notice to the same receiver twice once it was accepted. A notifier that fails
 * is noted on the rollout and never holds the rollback back.
 */
import type { ActionOutcome } from '../actions/action-journal.js';
import { actionId } from '../actions/executors/executor.js';
import type { IncidentNotice } from '../notifiers/notifier.js';
import type { ReconcileContext } from './reconcile-context.js';

export async function sendNotice(ctx: ReconcileContext, notice: IncidentNotice): Promise<void> {
  const { deps } = ctx;
  const notifiers = deps.notifiers?.(ctx.spec) ?? [];
  if (notifiers.length === 0) return;
  if (ctx.spec.drill) notice = { ...notice, drill: true };
  await ctx.beforeEffect();
  const { journal, clock } = deps;
  const { signal } = ctx;
  for (const [step, notifier] of notifiers.entries()) {
    // Stopping: an undelivered notice stays unjournaled, so the next leader sends it.
    if (signal.aborted) return;
    const id = actionId(notice.id, notifier.name);
    const previous = await journal.get(id);
    if (previous?.status === 'completed' && previous.outcome?.result === 'succeeded') continue;
    await journal.begin({
      actionId: id,
      owner: notice.id,
      name: notifier.name,
      step,
      startedAt: clock.now(),
    });
    let outcome: ActionOutcome;
    try {
      await notifier.notify(notice, signal);
      outcome = { result: 'succeeded', changed: true };
    } catch (error) {
      if (signal.aborted) return; // left begun: the next leader delivers it
      outcome = { result: 'failed', error: error instanceof Error ? error.message : String(error) };
      ctx.note('alert', `${notice.kind} notice to ${notifier.name} failed: ${outcome.error ?? ''}`);
    }
    await journal.complete(id, outcome, clock.now());
  }
}
