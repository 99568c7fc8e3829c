/**
 * Argo Rollouts' analysis semantics: measurement phases from successCondition / failureCondition
 * in a small, safe condition language, per-metric failure / inconclusive / error limits and the
 * run phase. Metric templates (`spec.analysis.metrics`, read from Prometheus) are judged by them,
 * and the benchmarks' fixed-threshold baseline (bench/argo-analysis) is built on them.
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
