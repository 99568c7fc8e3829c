/**
 * Tells the rollout's webhooks about an alert that needs a person (a step holding for want of
 * data). Journaled under a key per occasion, so a restarted controller does not send it twice.
 */
import { actionId } from '../actions/executors/executor.js';
import { runPlan } from '../actions/run-plan.js';
import type { ReconcileContext } from './reconcile-context.js';

export async function notifyAlert(
  ctx: ReconcileContext,
  key: string,
  trigger: string,
  message: string,
): Promise<void> {
  const { status, spec, deps } = ctx;
  const notifiers = deps.alertNotifiers?.(spec) ?? [];
  if (notifiers.length === 0) return;
  await ctx.beforeEffect();
  const eventId = `${ctx.name}/${key}`;
  const run = await runPlan(
    {
      context: {
        eventId,
        model: spec.model,
        release: spec.release,
        target: status.baseline,
        trigger,
        reason: message,
        role: 'canary',
        actor: 'ripcord-controller',
        decidedAt: ctx.now,
      },
      steps: notifiers.map((executor) => ({
        actionId: actionId(eventId, executor.name),
        kind: 'external' as const,
        executor,
        onFailure: 'continue' as const,
      })),
    },
    { journal: deps.journal, clock: deps.clock },
  );
  for (const action of run.actions)
    if (action.outcome?.result === 'failed')
      ctx.note('alert', `alert ${action.name} failed: ${action.outcome.error ?? ''}`);
}
