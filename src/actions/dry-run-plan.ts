/**
 * A rollback plan shown before it runs: each step's `plan()`, in order, with nothing written.
 * Every step reads the system as it is now, so a step does not see what the ones before it would
 * change (the alias step still reads the old alias even though traffic would already have moved).
 */
import type { PlannedAction } from './executors/executor.js';
import type { PlanStep, RollbackPlan } from './rollback-plan.js';

export interface PlannedStep extends PlannedAction {
  actionId: string;
  name: string;
  kind: PlanStep['kind'];
  onFailure: PlanStep['onFailure'];
}

export async function dryRunPlan(plan: RollbackPlan, signal?: AbortSignal): Promise<PlannedStep[]> {
  const live = signal ?? new AbortController().signal;
  const planned: PlannedStep[] = [];
  for (const { actionId, kind, onFailure, executor } of plan.steps) {
    live.throwIfAborted();
    let action: PlannedAction;
    try {
      action = await executor.plan(plan.context, live);
    } catch (error) {
      if (live.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`dry run of ${executor.name} could not read its system: ${message}`, { cause: error });
    }
    planned.push({ actionId, name: executor.name, kind, onFailure, ...action });
  }
  return planned;
}

/** One line per step for a terminal: `1. traffic  change  traffic for recsys: 100 % to v1 (...)`. */
export function describeDryRun(steps: readonly PlannedStep[]): string {
  const width = Math.max(0, ...steps.map((s) => s.name.length));
  return steps
    .map((s, i) => `${i + 1}. ${s.name.padEnd(width)}  ${s.changes ? 'change' : 'none  '}  ${s.summary}`)
    .join('\n');
}
