import { ValidationError } from '../core/errors.js';
import type { JudgeConfig } from './judge.js';
import { parseTrigger } from './triggers/index.js';
import type { Trigger } from './triggers/types.js';

export const DEFAULT_CONSECUTIVE_BREACHES = 3;
export const DEFAULT_ALPHA = 0.01;
/** Span read when neither `since` nor `over` bounds it. */
export const DEFAULT_LOOKBACK_MS = 3_600_000;
/** Horizon the sequential tests are tuned for when a trigger has no `over`. */
export const DEFAULT_HORIZON_MS = 600_000;

export interface CompiledJudgeConfig {
  readonly triggers: readonly Trigger[];
  readonly consecutiveBreaches: number;
  readonly alpha: number;
  /**
   * Each significance test's level: alpha split evenly (Bonferroni) across the triggers that run
   * a test, so the judge as a whole keeps alpha however many triggers it holds.
   */
  readonly alphaPerTest: number;
}

/** Parses every trigger and validates the options; errors name `triggers[i]` and the fix. */
export function compileJudgeConfig(config: JudgeConfig): CompiledJudgeConfig {
  if (!Array.isArray(config.triggers) || config.triggers.length === 0)
    throw new ValidationError(
      'triggers',
      'triggers: give at least one trigger, e.g. "hard: error rate up > 50%"',
    );
  const triggers = config.triggers.map((t, i) => {
    if (typeof t !== 'string') throw new ValidationError(`triggers[${i}]`, `triggers[${i}] must be a string`);
    return parseTrigger(t, `triggers[${i}]`);
  });
  const consecutiveBreaches = config.consecutiveBreaches ?? DEFAULT_CONSECUTIVE_BREACHES;
  if (!Number.isInteger(consecutiveBreaches) || consecutiveBreaches < 1)
    throw new ValidationError(
      'consecutiveBreaches',
      `consecutiveBreaches: ${consecutiveBreaches} must be an integer >= 1 (1 acts on the first breach)`,
    );
  const alpha = config.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 0.5))
    throw new ValidationError('alpha', `alpha: ${alpha} must be between 0 and 0.5 (e.g. 0.01)`);
  const tests = triggers.filter((t) => t.significance).length;
  return Object.freeze({
    triggers: Object.freeze(triggers),
    consecutiveBreaches,
    alpha,
    alphaPerTest: alpha / Math.max(1, tests),
  });
}
