/**
 * Always-valid test of "the candidate's q-quantile is more than (1 + maxIncrease) × the
 * baseline's". For a threshold t, the candidate's q-quantile exceeds t exactly when more than a
 * share 1 − q of candidate requests exceed t. So the test counts candidate requests above
 * t = (1 + maxIncrease)·baseline q-quantile and runs a one-sided mSPRT of that exceedance share
 * against 1 − q, with the variance (1 − q)q/n of the boundary null: a fixed-tau² Gaussian
 * mixture, valid under continuous monitoring (asymptotically, as every mSPRT here).
 * Caveat: t is estimated from the baseline; with the baseline taking most traffic its quantile
 * is precise, and passing a `threshold` frozen at the start of the step makes the guarantee
 * exact in t.
 */
import { countAbove } from './count-above.js';
import { requireQuantile } from './compare-quantiles.js';
import { msprtOf, noEvidence } from './msprt.js';
import { StatsInputError, requireNonNegative } from './stats-input-error.js';

import type { SequentialResult } from './msprt.js';
import type { DDSketch } from '@datadog/sketches-js';

export interface QuantileIncreaseInput {
  candidate: DDSketch;
  baseline: DDSketch;
  /** Quantile, e.g. 0.95. */
  q: number;
  /** Relative increase that counts as a breach, e.g. 0.3 for "p95 up by more than 30 %". */
  maxIncrease: number;
  alpha: number;
  /** Fixed threshold (overrides (1 + maxIncrease)·baseline quantile), e.g. frozen at step start. */
  threshold?: number;
  /** Mixture variance; default GrowthBook's rho²·(1 − q)q (one-sided rho). */
  tau2?: number;
  /** @default 5000 */
  nStar?: number;
}

export interface QuantileIncreaseResult extends SequentialResult {
  threshold: number;
  /** Candidate values above the threshold, and the candidate total. */
  exceedances: number;
  n: number;
  /** Share 1 − q the exceedance proportion is tested against. */
  nullShare: number;
}

export function quantileIncreaseTest(input: QuantileIncreaseInput): QuantileIncreaseResult {
  const { candidate, baseline, q, maxIncrease, alpha, tau2, nStar } = input;
  requireQuantile(q);
  if (!(q > 0 && q < 1)) throw new StatsInputError('q', `must be strictly between 0 and 1, got ${q}`);
  requireNonNegative('maxIncrease', maxIncrease);
  const nullShare = 1 - q;
  const threshold = input.threshold ?? (1 + maxIncrease) * baseline.getValueAtQuantile(q);
  const n = candidate.count;
  const options = { alpha, alternative: 'greater' as const, theta0: nullShare, tau2, nStar };
  if (!Number.isFinite(threshold) || n === 0) {
    return { ...noEvidence(nullShare), threshold, exceedances: 0, n, nullShare };
  }
  const exceedances = countAbove(candidate, threshold);
  const result = msprtOf(options, exceedances / n, (nullShare * q) / n, n);
  return { ...result, threshold, exceedances, n, nullShare };
}
