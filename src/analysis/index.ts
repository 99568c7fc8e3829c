/** analysis/: judges (triggers → decisions), Argo analysis semantics, the condition language. */
export * from './judge.js';
export { createJudge, type RipcordJudge } from './create-judge.js';
export {
  compileJudgeConfig,
  DEFAULT_ALPHA,
  DEFAULT_CONSECUTIVE_BREACHES,
  type CompiledJudgeConfig,
} from './compile-judge-config.js';
export type { JudgeSnapshot, TriggerState } from './judge-snapshot.js';
export * from './triggers/index.js';
export * from './assess.js';
export {
  compileExpression,
  evaluateCondition,
  ExpressionError,
  type CompiledExpression,
} from './expression/index.js';
export { parseDuration, formatDuration } from '../core/duration.js';
