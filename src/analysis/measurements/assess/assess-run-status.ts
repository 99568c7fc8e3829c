import { assessLimits, assessMetricStatus } from './assess-metric-status.js';
import type { MetricResult } from './measure.js';
import type { CompiledMetric } from './metric.js';
import { isCompleted, isWorse, type AnalysisPhase } from './phases.js';

export interface RunStatus {
  phase: AnalysisPhase;
  message: string;
  /** Each metric's phase after this assessment, by name. */
  metrics: Record<string, AnalysisPhase>;
}

/**
 * The run's phase (Argo's assessRunStatus): Running while any metric is still measuring, else the
 * worst completed metric phase (Successful < Running < Pending < Inconclusive < Error < Failed).
 * Dry-run metrics are assessed and reported but never change the run's phase. A run terminates
 * early when asked to, or when a non-dry-run metric completes Failed, Error or Inconclusive; the
 * caller stores `metrics` (each metric's phase) back into its results, as Argo does.
 */
export function assessRunStatus(
  metrics: readonly CompiledMetric[],
  results: readonly MetricResult[],
  options: { terminate?: boolean } = {},
): RunStatus {
  const byName = new Map(results.map((r) => [r.name, r]));
  const ends = (phase: AnalysisPhase): boolean =>
    phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive';
  // Argo terminates the run on the reconcile after a metric ends badly (it stores the metric's
  // phase, then sees it); looking at this pass's phases too gives that outcome in one call.
  const terminating =
    options.terminate === true ||
    metrics.some((m) => {
      const r = byName.get(m.name);
      return !m.dryRun && r !== undefined && (ends(r.phase) || ends(assessMetricStatus(m, r, false)));
    });

  let worstPhase: AnalysisPhase | undefined;
  let message = options.terminate ? 'Run Terminated' : '';
  let everythingCompleted = true;
  const phases: Record<string, AnalysisPhase> = {};

  for (const metric of metrics) {
    const result = byName.get(metric.name);
    if (!result) {
      // Not started yet (e.g. an initial delay).
      everythingCompleted = false;
      continue;
    }
    const phase = assessMetricStatus(metric, result, terminating);
    phases[metric.name] = phase;
    if (!isCompleted(phase)) {
      everythingCompleted = false;
      continue;
    }
    if (metric.dryRun) {
      worstPhase ??= 'Successful';
      continue;
    }
    if (worstPhase === undefined || isWorse(worstPhase, phase)) {
      worstPhase = phase;
      const limited = assessLimits(metric, result);
      if (limited) message = `Metric "${metric.name}" assessed ${phase} due to ${limited.message}`;
    }
  }

  if (terminating) return { phase: worstPhase ?? 'Successful', message, metrics: phases };
  if (!everythingCompleted || worstPhase === undefined)
    return { phase: 'Running', message: '', metrics: phases };
  return { phase: worstPhase, message, metrics: phases };
}
