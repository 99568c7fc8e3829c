import { DEFAULT_ODDS_GRID } from '../../stats/index.js';
import type { Trigger } from '../triggers/types.js';

/**
 * Whether a trigger's test runs second by second against the baseline serving beside the
 * candidate (judges/types.ts BlockTest): relative latency and error-rate tests with significance.
 */
export function runsBlocked(trigger: Trigger, concurrent: boolean): boolean {
  return (
    trigger.significance &&
    concurrent &&
    trigger.comparison.mode === 'relative' &&
    (trigger.metric.kind === 'latency' || trigger.metric.kind === 'error-rate')
  );
}

/** Length of a blocked test's running sums: every blocked test mixes over the default odds grid. */
export const BLOCK_SUMS = DEFAULT_ODDS_GRID.length;
