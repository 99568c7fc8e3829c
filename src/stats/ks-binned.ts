/**
 * Two-sample Kolmogorov-Smirnov test on binned counts over the same ordered bins (a histogram
 * with shared edges): D = max over the bin edges of |F_a − F_b|, with the asymptotic p-value
 * P(K > sqrt(mn/(m+n))·D). Binning can only hide differences inside a bin, so D is at most the
 * raw samples' statistic and the p-value at least theirs: the test is conservative.
 */
import { kolmogorovSf } from './kolmogorov.js';
import type { KsResult } from './ks-two-sample.js';
import { requireSameLength } from './normalize.js';
import { StatsInputError } from './stats-input-error.js';

export function ksBinned(countsA: ArrayLike<number>, countsB: ArrayLike<number>): KsResult {
  requireSameLength(countsA, countsB, ['countsA', 'countsB']);
  let m = 0;
  let n = 0;
  for (let i = 0; i < countsA.length; i++) {
    const c = countsA[i]!;
    if (!(Number.isFinite(c) && c >= 0))
      throw new StatsInputError(`countsA[${i}]`, `must be a count ≥ 0, got ${c}`);
    m += c;
  }
  for (let i = 0; i < countsB.length; i++) {
    const c = countsB[i]!;
    if (!(Number.isFinite(c) && c >= 0))
      throw new StatsInputError(`countsB[${i}]`, `must be a count ≥ 0, got ${c}`);
    n += c;
  }
  if (!(m > 0)) throw new StatsInputError('countsA', 'needs a positive total (all bins are empty)');
  if (!(n > 0)) throw new StatsInputError('countsB', 'needs a positive total (all bins are empty)');
  let a = 0;
  let b = 0;
  let d = 0;
  for (let i = 0; i < countsA.length; i++) {
    a += countsA[i]!;
    b += countsB[i]!;
    d = Math.max(d, Math.abs(a / m - b / n));
  }
  return { statistic: d, pValue: kolmogorovSf(Math.sqrt((m * n) / (m + n)) * d) };
}
