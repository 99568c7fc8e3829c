import { DEFAULT_ODDS_GRID } from '../../stats/index.js';
import { LATENCY_ODDS_GRID } from './latency-odds-grid.js';
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

/** Length of a trigger's blocked running sums: one per odds ratio its mixture spreads over. */
export function blockSums(trigger: Trigger): number {
  return trigger.metric.kind === 'latency' ? LATENCY_ODDS_GRID.length : DEFAULT_ODDS_GRID.length;
}
