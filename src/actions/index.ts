export type {
  ActionContext,
  ActionResult,
  Executor,
  PlannedAction,
  VerifyResult,
} from './executors/executor.js';
export { actionId } from './executors/executor.js';
export type { ActionJournal, ActionOutcome, ActionRecord, ActionStatus } from './action-journal.js';
export { MemoryActionJournal } from './memory-action-journal.js';
export { buildRollbackPlan, STEP_KINDS } from './rollback-plan.js';
export type { BuildPlanOptions, PlanStep, RollbackPlan, StepKind } from './rollback-plan.js';
export { runPlan } from './run-plan.js';
export { dryRunPlan, describeDryRun } from './dry-run-plan.js';
export type { PlannedStep } from './dry-run-plan.js';
export type { PlanOutcome, PlanRun, RunPlanOptions } from './run-plan.js';
export {
  createTrafficExecutor,
  rollbackTrafficPolicy,
  trafficViolation,
} from './executors/traffic/traffic-executor.js';
export { createNoopExecutor } from './executors/noop/noop-executor.js';
export type { NoopExecutor } from './executors/noop/noop-executor.js';
export { createAliasExecutor } from './executors/alias/alias-executor.js';
export { createMarkReleaseExecutor, rollbackMark } from './executors/mark-release/mark-release-executor.js';
export { createFlagExecutor, flagKey, flagsToDisable } from './executors/flag/flag-executor.js';
export {
  createWebhookExecutor,
  signWebhook,
  verifyWebhookSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  IDEMPOTENCY_HEADER,
} from './executors/webhook/webhook-executor.js';
export type { RollbackWebhookBody, WebhookExecutorOptions } from './executors/webhook/webhook-executor.js';
