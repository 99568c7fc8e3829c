/** The trigger language: rollback conditions written as a runbook states them. */
export { TRIGGER_GRAMMAR } from './grammar.js';
export { parseTrigger } from './parse-trigger.js';
export { TriggerSyntaxError } from './trigger-error.js';
export type { Comparison, Trigger, TriggerMetric } from './types.js';
