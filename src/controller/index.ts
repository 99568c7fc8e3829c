export { createController } from './create-controller.js';
export type { Controller, ControllerInputs, ControllerSettings } from './create-controller.js';
export type { ControllerDeps, RolloutEvent, ShadowSummary, StoredDecision } from './controller-deps.js';
export { rolloutKind } from './rollout-kind.js';
export { ROLLOUT_VERBS } from './rollout-commands.js';
export type { RolloutVerb, CommandOptions } from './rollout-commands.js';
export * from './rollout-spec.js';
export * from './rollout-state.js';
