import { ExpressionError } from '../expression/index.js';
import type { CompiledMetric } from './metric.js';
import type { AnalysisPhase } from './phases.js';

export interface Measurement {
  phase: AnalysisPhase;
  value?: unknown;
  message?: string | undefined;
  /** Epoch ms. */
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
}

/** Counters of one metric across its measurements (Argo's MetricResult). */
export interface MetricResult {
  name: string;
  phase: AnalysisPhase;
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
  consecutiveSuccess: number;
  measurements: Measurement[];
  message?: string | undefined;
  dryRun?: boolean | undefined;
}

export function emptyResult(metric: CompiledMetric): MetricResult {
  return {
    name: metric.name,
    phase: 'Pending',
    count: 0,
    successful: 0,
    failed: 0,
    inconclusive: 0,
    error: 0,
    consecutiveError: 0,
    consecutiveSuccess: 0,
    measurements: [],
    dryRun: metric.dryRun,
  };
}

const isNoData = (v: unknown): boolean =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/**
 * The phase of one measurement (Argo's EvaluateResult): both conditions → failure wins, neither
 * true → Inconclusive; only successCondition → false is Failed; only failureCondition → false is
 * Successful; no conditions → Successful; an evaluation error → Error. One deliberate difference:
 * a condition that cannot be evaluated because the provider returned no data (nil or an empty
 * vector) reads Inconclusive ("no data"), never Error or Failed.
 */
export function evaluateMeasurement(
  metric: CompiledMetric,
  value: unknown,
): Pick<Measurement, 'phase' | 'message'> {
  let success = false;
  let failure = false;
  try {
    if (metric.successCondition) success = metric.successCondition.test(value);
    if (metric.failureCondition) failure = metric.failureCondition.test(value);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    if (isNoData(value)) return { phase: 'Inconclusive', message: `no data: ${err.message}` };
    return { phase: 'Error', message: err.message };
  }
  if (!metric.successCondition && !metric.failureCondition) return { phase: 'Successful' };
  if (metric.successCondition && !metric.failureCondition) failure = !success;
  if (!metric.successCondition && metric.failureCondition) success = !failure;
  if (failure) return { phase: 'Failed' };
  if (!success) return { phase: 'Inconclusive' };
  return { phase: 'Successful' };
}

/**
 * Adds a completed measurement to the counters, as Argo does: Error counts toward `error` and
 * `consecutiveError` but not `count`; any other phase resets `consecutiveError`; only a success
 * extends `consecutiveSuccess`.
 */
export function recordMeasurement(result: MetricResult, measurement: Measurement): MetricResult {
  const next: MetricResult = { ...result, measurements: [...result.measurements, measurement] };
  switch (measurement.phase) {
    case 'Successful':
      next.successful++;
      next.count++;
      next.consecutiveError = 0;
      next.consecutiveSuccess++;
      break;
    case 'Failed':
      next.failed++;
      next.count++;
      next.consecutiveError = 0;
      next.consecutiveSuccess = 0;
      break;
    case 'Inconclusive':
      next.inconclusive++;
      next.count++;
      next.consecutiveError = 0;
      next.consecutiveSuccess = 0;
      break;
    case 'Error':
      next.error++;
      next.consecutiveError++;
      next.consecutiveSuccess = 0;
      break;
    default:
      // Pending / Running: an in-flight measurement, nothing to count yet.
      break;
  }
  if (measurement.message !== undefined) next.message = measurement.message;
  return next;
}

/** Evaluates `value` and records it: the usual single step per interval. */
export function takeMeasurement(
  metric: CompiledMetric,
  result: MetricResult,
  value: unknown,
  at?: number,
): MetricResult {
  const outcome = evaluateMeasurement(metric, value);
  return recordMeasurement(result, { ...outcome, value, startedAt: at, finishedAt: at });
}
