/**
 * Argo Rollouts analysis semantics for metric templates: measurement phases from
 * successCondition / failureCondition, per-metric limits, and the run phase.
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
