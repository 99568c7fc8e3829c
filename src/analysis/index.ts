/** analysis/: judges (triggers → decisions) and the metric providers they read through. */
export * from './judge.js';
export { judgeLook, judgeNow, type ReaderLook } from './judge-look.js';
export {
  readWindows,
  readWindowsNow,
  type MetricWindows,
  type SyncWindowReader,
  WindowsNeeded,
  type WindowRequest,
} from './metric-windows.js';
export {
  MetricReadError,
  type MetricProvider,
  type SeriesQuery,
  type WindowQuery,
} from './providers/metric-provider.js';
export { createJudge, type RipcordJudge } from './create-judge.js';
export {
  compileJudgeConfig,
  DEFAULT_ALPHA,
  DEFAULT_CONSECUTIVE_BREACHES,
  type CompiledJudgeConfig,
} from './compile-judge-config.js';
export type { JudgeSnapshot, TriggerState } from './judge-snapshot.js';
export * from './triggers/index.js';
export { parseDuration, formatDuration } from '../core/duration.js';
