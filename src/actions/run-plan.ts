/**
 * Runs a rollback plan exactly once across crashes: every action is journaled before it starts
 * and after it ends; actions the journal shows as succeeded are skipped on resume, interrupted
 * or failed ones are applied again (executors are idempotent, so a repeat changes nothing).
 */
import type { Clock } from '../core/clock.js';
import type { ActionJournal, ActionOutcome, ActionRecord } from './action-journal.js';
import type { RollbackPlan } from './rollback-plan.js';

export interface RunPlanOptions {
  journal: ActionJournal;
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Called after each action's record is written (live views, event streams). */
  onAction?: ((record: ActionRecord) => void) | undefined;
}

/** succeeded: every action succeeded; failed: one failed; aborted: the signal stopped the run. */
export type PlanOutcome = 'succeeded' | 'failed' | 'aborted';

export interface PlanRun {
  eventId: string;
  outcome: PlanOutcome;
  /** One record per step reached, in plan order (already-completed ones as the journal holds them). */
  actions: ActionRecord[];
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  /** When the traffic action ended: from then on users are served by the target. */
  trafficRestoredAt?: number | undefined;
}

export async function runPlan(plan: RollbackPlan, options: RunPlanOptions): Promise<PlanRun> {
  const { journal, clock, onAction } = options;
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = clock.now();
  const actions: ActionRecord[] = [];
  let outcome: PlanOutcome = 'succeeded';

  for (const [step, { actionId, executor, onFailure }] of plan.steps.entries()) {
    if (signal.aborted) {
      outcome = 'aborted';
      break;
    }
    const previous = await journal.get(actionId);
    if (previous?.status === 'completed' && previous.outcome?.result === 'succeeded') {
      actions.push(previous);
      continue;
    }
    const resumed = previous !== undefined;
    await journal.begin({
      actionId,
      owner: plan.context.eventId,
      name: executor.name,
      step,
      startedAt: clock.now(),
    });
    let result: ActionOutcome;
    try {
      const applied = await executor.apply(plan.context, signal);
      const check = executor.verify ? await executor.verify(plan.context, signal) : undefined;
      const detail = { ...applied.detail, ...(resumed ? { resumed: true } : {}) };
      result =
        check && !check.ok
          ? {
              result: 'failed',
              changed: applied.changed,
              error: `verification failed: ${check.message}`,
              detail,
            }
          : { result: 'succeeded', changed: applied.changed, detail };
    } catch (error) {
      if (signal.aborted) {
        // Leave the record `started`: the action was interrupted, not failed, and resumes later.
        outcome = 'aborted';
        break;
      }
      result = {
        result: 'failed',
        error: error instanceof Error ? error.message : String(error),
        ...(resumed ? { detail: { resumed: true } } : {}),
      };
    }
    await journal.complete(actionId, result, clock.now());
    const record = (await journal.get(actionId))!;
    actions.push(record);
    onAction?.(record);
    if (result.result === 'failed') {
      outcome = 'failed';
      if (onFailure === 'stop') break;
    }
  }

  const traffic = plan.steps.find((s) => s.kind === 'traffic');
  const trafficRecord = actions.find((a) => a.actionId === traffic?.actionId);
  return {
    eventId: plan.context.eventId,
    outcome,
    actions,
    startedAt,
    endedAt: clock.now(),
    trafficRestoredAt: trafficRecord?.outcome?.result === 'succeeded' ? trafficRecord.endedAt : undefined,
  };
}
