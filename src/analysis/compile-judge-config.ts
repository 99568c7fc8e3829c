import { ValidationError } from '../core/errors.js';
import type { JudgeConfig } from './judge.js';
import { parseTrigger } from './triggers/index.js';
import type { Trigger } from './triggers/types.js';

export const DEFAULT_CONSECUTIVE_BREACHES = 3;
/**
 * Breaches in a row for a trigger whose breach needs its running always-valid test to reject:
 * that test already keeps its false-alarm level at every look, so by default it acts on the first.
 */
export const DEFAULT_SEQUENTIAL_BREACHES = 1;
export const DEFAULT_ALPHA = 0.01;
/** Span read when neither `since` nor `over` bounds it. */
export const DEFAULT_LOOKBACK_MS = 3_600_000;
/** Horizon the sequential tests are tuned for when a trigger has no `over`. */
export const DEFAULT_HORIZON_MS = 600_000;

export interface CompiledJudgeConfig {
  readonly triggers: readonly Trigger[];
  /** Breaches in a row for effect-size triggers, single-look tests and `over` windows. */
  readonly consecutiveBreaches: number;
  /** Breaches in a row for triggers decided by a running always-valid test (no `over`). */
  readonly sequentialBreaches: number;
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
  const consecutiveBreaches = breachCount(
    'consecutiveBreaches',
    config.consecutiveBreaches ?? DEFAULT_CONSECUTIVE_BREACHES,
  );
  const sequentialBreaches = breachCount(
    'sequentialBreaches',
    config.sequentialBreaches ?? DEFAULT_SEQUENTIAL_BREACHES,
  );
  const alpha = config.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 0.5))
    throw new ValidationError('alpha', `alpha: ${alpha} must be between 0 and 0.5 (e.g. 0.01)`);
  const tests = triggers.filter((t) => t.significance).length;
  return Object.freeze({
    triggers: Object.freeze(triggers),
    consecutiveBreaches,
    sequentialBreaches,
    alpha,
    alphaPerTest: alpha / Math.max(1, tests),
  });
}

function breachCount(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new ValidationError(
      field,
      `${field}: ${value} must be an integer >= 1 (1 acts on the first breach)`,
    );
  return value;
}
