import { regularizedBeta } from '../../src/stats/index.js';

/** The p at which the regularized incomplete beta I_p(a, b) reaches `target` (it rises with p). */
function betaQuantile(target: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Clopper–Pearson (exact binomial) bounds for `x` events in `n` trials, each one-sided at
 * `1 − tail` confidence: a two-sided 95 % interval is `tail = 0.025` on both ends; "the 95 % upper
 * bound" of a false-rollback rate is `upper` with `tail = 0.05`.
 */
export function clopperPearson(x: number, n: number, tail: number): { lower: number; upper: number } {
  if (!(n > 0) || x < 0 || x > n)
    throw new Error(`clopperPearson: need 0 <= x <= n and n > 0, got ${x} of ${n}`);
  return {
    lower: x === 0 ? 0 : betaQuantile(tail, x, n - x + 1),
    upper: x === n ? 1 : betaQuantile(1 - tail, x + 1, n - x),
  };
}
