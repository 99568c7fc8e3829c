/** Types shared across ripcord/stats. */

/**
 * Direction of the alternative hypothesis, stated for theta = candidate − baseline:
 * 'greater' = the candidate is higher, 'less' = lower, 'two-sided' = either.
 */
export type Alternative = 'two-sided' | 'greater' | 'less';

/** Binary outcomes of one arm: `successes` (or `events`, e.g. errors) out of `n` trials. */
export type BinomialCounts = { n: number; successes: number } | { n: number; events: number };

/** Running moments of one arm: count, sum and sum of squares of the observed values. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}
