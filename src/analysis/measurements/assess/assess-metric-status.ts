import type { MetricResult } from './measure.js';
import type { CompiledMetric } from './metric.js';
import { isCompleted, type AnalysisPhase } from './phases.js';

/**
 * Failed / Inconclusive / Error from the limits, checked in that order so a later one wins
 * (Argo's assessMetricFailureInconclusiveOrError). failureLimit −1 disables the failure check.
 */
export function assessLimits(
  metric: CompiledMetric,
  result: MetricResult,
): { phase: AnalysisPhase; message: string } | undefined {
  let out: { phase: AnalysisPhase; message: string } | undefined;
  if (metric.failureLimit >= 0 && result.failed > metric.failureLimit)
    out = { phase: 'Failed', message: `failed (${result.failed}) > failureLimit (${metric.failureLimit})` };
  if (result.inconclusive > metric.inconclusiveLimit)
    out = {
      phase: 'Inconclusive',
      message: `inconclusive (${result.inconclusive}) > inconclusiveLimit (${metric.inconclusiveLimit})`,
    };
  if (result.consecutiveError > metric.consecutiveErrorLimit)
    out = {
      phase: 'Error',
      message: `consecutiveErrors (${result.consecutiveError}) > consecutiveErrorLimit (${metric.consecutiveErrorLimit})`,
    };
  return out;
}

/** The phase of one metric from its counters and limits (Argo's assessMetricStatus). */
export function assessMetricStatus(
  metric: CompiledMetric,
  result: MetricResult,
  terminating = false,
): AnalysisPhase {
  if (isCompleted(result.phase)) return result.phase;
  const last = result.measurements.at(-1);
  if (!last) return terminating ? 'Successful' : 'Pending';
  if (!isCompleted(last.phase)) return 'Running';

  const limited = assessLimits(metric, result);
  if (limited) return limited.phase;

  const successLimit = metric.consecutiveSuccessLimit;
  if (successLimit > 0 && result.consecutiveSuccess >= successLimit) return 'Successful';

  if (metric.count !== undefined && result.count >= metric.count) {
    // All measurements taken without the required run of successes.
    if (successLimit > 0) return metric.failureLimit >= 0 ? 'Inconclusive' : 'Failed';
    return 'Successful';
  }
  return terminating ? 'Successful' : 'Running';
}
