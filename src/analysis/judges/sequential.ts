import { msprt } from '../../stats/index.js';

/**
 * log e-value of a one-sided mSPRT look on an estimate and its variance (H0: theta ≤ 0 for
 * 'greater', theta ≥ 0 for 'less'). The mixture is tuned (GrowthBook's rho) for the sample the
 * trigger expects over its horizon, so power peaks where the decision is due.
 */
export function msprtLogE(input: {
  estimate: number;
  variance: number;
  alternative: 'greater' | 'less';
  alpha: number;
  sampleSize: number;
  nStar: number;
}): number {
  if (!(input.variance > 0) || !Number.isFinite(input.estimate)) return 0;
  const wrongSide = input.alternative === 'greater' ? input.estimate <= 0 : input.estimate >= 0;
  if (wrongSide) return 0;
  const r = msprt({
    estimate: input.estimate,
    variance: input.variance,
    alpha: input.alpha,
    alternative: input.alternative,
    sampleSize: input.sampleSize,
    nStar: Math.max(1, Math.round(input.nStar)),
  });
  return r.logLambda;
}

/** Expected candidate sample at the horizon, from the rate seen so far. */
export function horizonSample(n: number, spanMs: number, horizonMs: number): number {
  if (!(spanMs > 0)) return n;
  return Math.max(n, (n * horizonMs) / spanMs);
}
