/**
 * Argo Rollouts analysis as the benchmarks' fixed-threshold baseline (bench/decisions,
 * bench/recovery): measurement phases from successCondition / failureCondition in a small, safe
 * condition language, per-metric limits and the run phase, so the "what a team would write in an
 * AnalysisTemplate" rows are judged by Argo's own rules. ripcord's judges do not use it.
 */
export { ANALYSIS_PHASES, isCompleted, isWorse, worst, type AnalysisPhase } from './assess/phases.js';
export {
  compileMetric,
  DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  type CompiledMetric,
  type MetricSpec,
} from './assess/metric.js';
export {
  emptyResult,
  evaluateMeasurement,
  recordMeasurement,
  takeMeasurement,
  type Measurement,
  type MetricResult,
} from './assess/measure.js';
export { assessLimits, assessMetricStatus } from './assess/assess-metric-status.js';
export { assessRunStatus, type RunStatus } from './assess/assess-run-status.js';
export { DEFAULT_ERROR_RETRY_MS, nextMeasurementAt } from './assess/next-measurement-at.js';
export {
  compileExpression,
  evaluateCondition,
  ExpressionError,
  type CompiledExpression,
} from './expression/index.js';
