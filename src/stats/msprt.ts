/**
 * Mixture sequential probability ratio test (Johari, Pekelis & Walsh 2017) on an asymptotically
 * normal estimate theta_hat with variance S². Mixing the likelihood ratio over
 * theta − theta0 ~ N(0, tau²) gives
 *   Lambda = sqrt(S²/(S²+tau²)) · exp(tau²·d² / (2·S²·(S²+tau²))),  d = theta_hat − theta0,
 * a nonnegative martingale under the null: P(Lambda ever ≥ 1/alpha) ≤ alpha, however often it
 * is checked. One-sided tests mix over a half-normal instead (theta − theta0 > 0 only), which is
 * a supermartingale under the whole composite null theta ≤ theta0:
 *   Lambda = 2·sqrt(S²/(S²+tau²)) · exp(tau²d²/(2S²(S²+tau²))) · Φ(d·tau / (S·sqrt(S²+tau²))).
 * The confidence sequence is every theta0 the test does not reject.
 *
 * Default tau² follows GrowthBook (Waudby-Smith et al. 2023, asymptotic confidence sequences):
 * tau² = rho²·s² with s² = N·S² the per-observation variance and
 * rho = sqrt((−2 ln a + ln(−2 ln a + 1)) / N*), a = alpha (two-sided) or 2·alpha (one-sided).
 */
import { logNormalCdf } from './normal.js';
import { StatsInputError, requireOpenUnit, requirePositive } from './stats-input-error.js';

import type { Alternative } from './types.js';

const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export interface SequentialOptions {
  /** False-alarm level (0 < alpha < 1). */
  alpha: number;
  /** @default 'two-sided' */
  alternative?: Alternative;
  /** Null value of theta. @default 0 */
  theta0?: number;
  /**
   * Non-inferiority margin (≥ 0), one-sided tests only: 'greater' tests theta ≤ theta0 + margin,
   * 'less' tests theta ≥ theta0 − margin. @default 0
   */
  margin?: number;
  /** Mixture variance; default GrowthBook's rho²·N·S² (asymptotic confidence sequence). */
  tau2?: number;
  /** Tuning sample size N* for the default tau² (the n where the sequence is tightest). @default 5000 */
  nStar?: number;
  /** Test the relative difference candidate/baseline − 1 (delta method) instead of the absolute one. @default false */
  relative?: boolean;
}

export interface SequentialResult {
  /** theta_hat: candidate − baseline (or candidate/baseline − 1 when relative); NaN without data. */
  estimate: number;
  /** Var(theta_hat). */
  variance: number;
  /** Mixture likelihood ratio Lambda_n (may overflow to Infinity; logLambda stays finite). */
  lambda: number;
  logLambda: number;
  /** Single-look always-valid p-value min(1, 1/Lambda_n); keep the running minimum across looks. */
  pValue: number;
  /** Always-valid (1 − alpha) confidence sequence for theta; one-sided → one infinite end. */
  confidenceSequence: [number, number];
  /** Lambda_n ≥ 1/alpha. */
  reject: boolean;
  /** The tau² used (NaN when there was nothing to test). */
  tau2: number;
  /** The null boundary tested: theta0 shifted by the margin. */
  nullValue: number;
}

export interface MsprtInput extends SequentialOptions {
  estimate: number;
  variance: number;
  /** Observations behind the estimate (both arms); needed for the default tau². */
  sampleSize?: number;
}

/** GrowthBook's rho: rho = sqrt((−2 ln alpha + ln(−2 ln alpha + 1)) / N*); 0.039840 at alpha 0.05. */
export function growthbookRho(alpha: number, nStar = 5000): number {
  requireOpenUnit('alpha', alpha);
  requirePositive('nStar', nStar);
  const l = -2 * Math.log(alpha);
  return Math.sqrt((l + Math.log(l + 1)) / nStar);
}

/** The result that says "no evidence either way" (no data, zero variance, undefined ratio). */
export function noEvidence(
  nullValue: number,
  estimate = Number.NaN,
  variance = Number.NaN,
): SequentialResult {
  return {
    estimate,
    variance,
    lambda: 1,
    logLambda: 0,
    pValue: 1,
    confidenceSequence: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    reject: false,
    tau2: Number.NaN,
    nullValue,
  };
}

/** Resolves the null boundary and validates the options every mSPRT variant shares. */
export function nullValueOf(options: SequentialOptions): number {
  const { alpha, alternative = 'two-sided', theta0 = 0, margin = 0 } = options;
  requireOpenUnit('alpha', alpha);
  if (!Number.isFinite(theta0)) throw new StatsInputError('theta0', `must be finite, got ${theta0}`);
  if (!(Number.isFinite(margin) && margin >= 0)) {
    throw new StatsInputError('margin', `must be a finite number ≥ 0, got ${margin}`);
  }
  if (margin > 0 && alternative === 'two-sided') {
    throw new StatsInputError('margin', "needs a one-sided alternative ('greater' or 'less')");
  }
  if (alternative === 'greater') return theta0 + margin;
  if (alternative === 'less') return theta0 - margin;
  return theta0;
}

/** Normal-mixture mSPRT on an estimate and its variance. */
export function msprt(input: MsprtInput): SequentialResult {
  return msprtOf(input, input.estimate, input.variance, input.sampleSize);
}

/**
 * msprt with the estimate passed apart from the options, so the two-arm wrappers hand their
 * caller's options straight through (copying them into a fresh object literal per call was
 * ten times slower than the test itself in V8, and judges call this every tick).
 */
export function msprtOf(
  options: SequentialOptions,
  estimate: number,
  variance: number,
  sampleSize: number | undefined,
): SequentialResult {
  const { alpha, alternative = 'two-sided', nStar = 5000 } = options;
  const nullValue = nullValueOf(options);
  if (!Number.isFinite(estimate) || !(variance > 0) || !Number.isFinite(variance)) {
    return noEvidence(nullValue, estimate, variance);
  }
  let tau2: number;
  if (options.tau2 !== undefined) {
    requirePositive('tau2', options.tau2);
    tau2 = options.tau2;
  } else {
    if (sampleSize === undefined) {
      throw new StatsInputError('sampleSize', 'is needed for the default tau² (or pass tau2)');
    }
    requirePositive('sampleSize', sampleSize);
    const rho = growthbookRho(alternative === 'two-sided' ? alpha : Math.min(2 * alpha, 0.999), nStar);
    tau2 = rho * rho * sampleSize * variance;
  }

  const s2 = variance;
  const logRatio = 0.5 * Math.log(s2 / (s2 + tau2));
  const c = tau2 / (2 * s2 * (s2 + tau2));
  const k = Math.sqrt(tau2 / (s2 * (s2 + tau2)));
  const logThreshold = -Math.log(alpha);

  let logLambda: number;
  let confidenceSequence: [number, number];
  if (alternative === 'two-sided') {
    const d = estimate - nullValue;
    logLambda = logRatio + c * d * d;
    // theta_hat ± sqrt(S²(S²+tau²)/tau² · [2 ln(1/alpha) + ln((S²+tau²)/S²)]).
    const half = Math.sqrt(((s2 * (s2 + tau2)) / tau2) * (2 * logThreshold - 2 * logRatio));
    confidenceSequence = [estimate - half, estimate + half];
  } else {
    const sign = alternative === 'greater' ? 1 : -1;
    const oneSided = (d: number): number => Math.LN2 + logRatio + c * d * d + logNormalCdf(k * d);
    logLambda = oneSided(sign * (estimate - nullValue));
    // ln Lambda is increasing and convex in d (a log-mixture of exponentials in d), so Newton's
    // method started above the root (at a bound from Φ ≥ 1/2) descends onto d* monotonically.
    let dStar = Math.sqrt((logThreshold - logRatio) / c);
    for (let i = 0; i < 100; i++) {
      const f = oneSided(dStar) - logThreshold;
      if (f <= 1e-12) break;
      const z = k * dStar;
      const slope = 2 * c * dStar + k * Math.exp(-0.5 * z * z - LOG_SQRT_TWO_PI - logNormalCdf(z));
      dStar -= f / slope;
    }
    confidenceSequence =
      sign > 0 ? [estimate - dStar, Number.POSITIVE_INFINITY] : [Number.NEGATIVE_INFINITY, estimate + dStar];
  }
  return {
    estimate,
    variance,
    lambda: Math.exp(logLambda),
    logLambda,
    pValue: Math.min(1, Math.exp(-logLambda)),
    confidenceSequence,
    reject: logLambda >= logThreshold,
    tau2,
    nullValue,
  };
}
