import type { MetricResult } from './measure.js';
import type { CompiledMetric } from './metric.js';
import { isCompleted } from './phases.js';

/** Argo retries a measurement that errored after this long when the metric has no interval. */
export const DEFAULT_ERROR_RETRY_MS = 10_000;

/**
 * When the metric's next measurement is due (epoch ms), or undefined when it needs none: the
 * metric completed, its count is reached, or it measures once. First measurement: `startedAt`
 * plus the initial delay. After an error: 10 s later (Argo's DefaultErrorRetryInterval); else the
 * last measurement's finish plus the interval.
 */
export function nextMeasurementAt(
  metric: CompiledMetric,
  result: MetricResult,
  startedAt: number,
  initialDelayMs = 0,
): number | undefined {
  if (isCompleted(result.phase)) return undefined;
  const last = result.measurements.at(-1);
  if (!last) return startedAt + initialDelayMs;
  if (!isCompleted(last.phase)) return undefined;
  if (metric.count !== undefined && result.count >= metric.count) return undefined;
  const finished = last.finishedAt ?? startedAt;
  if (last.phase === 'Error') return finished + DEFAULT_ERROR_RETRY_MS;
  if (metric.intervalMs === undefined) return undefined;
  return finished + metric.intervalMs;
}
