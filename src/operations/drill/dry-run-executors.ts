/**
 * In a drill, external systems (Kubernetes, MLflow, a pager webhook step) are planned, not
 * changed, unless the drill was told to run them: each executor's `apply` becomes its `plan`,
 * journaled like any step, so the drill record shows what a real rollback would have changed.
 */
import type { Executor } from '../../actions/executors/executor.js';
import type { DrillMark } from '../../controller/drill-mark.js';

export function drillExecutors(drill: DrillMark | undefined, executors: Executor[]): Executor[] {
  if (!drill || drill.liveExecutors) return executors;
  return executors.map((executor) => ({
    name: executor.name,
    plan: (context, signal) => executor.plan(context, signal),
    async apply(context, signal) {
      const planned = await executor.plan(context, signal);
      return {
        changed: false,
        detail: { drill: drill.id, dryRun: true, wouldChange: planned.changes, summary: planned.summary },
      };
    },
  }));
}
