/**
 * A fixed-horizon test kept beside an always-valid one. A normal-mixture mSPRT spreads its power
 * over every sample size; tuned for a horizon N* (GrowthBook's rho) its boundary at N* is still
 * about z = 3.9 at a level of 1/600, where a single z-test at N* needs 2.9. When the decision is
 * due at a known horizon, part of the level can go to that single test instead.
 *
 * The one-sided z-test taken once, at the first look at or after the horizon, has the e-value
 * X = 1{z ≥ z_level}/level: under the null P(z ≥ z_level) ≤ level, so E[X] ≤ 1. Before that look
 * its conditional expectation E[X | data so far] is a test martingale (Koning & van Meer,
 * "Free anytime validity by sequentializing a test", arXiv 2501.03982); reading it as 0 there
 * only drops a nonnegative term. So with weight w,
 *
 *   E_t = (1 − w)·E^mSPRT_t + w·X_t   (X_t = 0 before the horizon look, X after it)
 *
 * is bounded by a nonnegative supermartingale starting at ≤ 1, and Ville's inequality keeps
 * P(ever E_t ≥ 1/alpha) ≤ alpha however often it is read. The price is ln(1/(1 − w)) of the
 * mSPRT's evidence before the horizon; the gain, the z-test's power at it.
 */
import { mixtureLogE } from './checkpoint-mixture.js';
import { normalQuantile } from './normal.js';
import { StatsInputError, requireOpenUnit } from './stats-input-error.js';

/** ln X of the one-sided z-test at `level`: ln(1/level) when z ≥ Φ⁻¹(1 − level), else −∞ (X = 0). */
export function horizonTestLogE(z: number, level: number): number {
  requireOpenUnit('level', level);
  if (Number.isNaN(z)) throw new StatsInputError('z', 'must be a number, got NaN');
  return z >= normalQuantile(1 - level) ? -Math.log(level) : Number.NEGATIVE_INFINITY;
}

/**
 * ln E_t of the always-valid test's `sequentialLogE` mixed with the horizon test's `horizonLogE`
 * (undefined before the horizon look), the horizon test with `weight` (0 < w < 1).
 */
export function withHorizonTest(
  sequentialLogE: number,
  horizonLogE: number | undefined,
  weight: number,
): number {
  requireOpenUnit('weight', weight);
  return mixtureLogE([
    { weight: 1 - weight, logE: sequentialLogE },
    { weight, logE: horizonLogE ?? Number.NEGATIVE_INFINITY },
  ]);
}
