/**
 * Two-sample Kolmogorov-Smirnov test: D = sup |F_x − F_y| (ties handled by stepping over equal
 * values together) and the asymptotic p-value P(K > sqrt(mn/(m+n))·D) from the limiting
 * Kolmogorov distribution, as R's ks.test(x, y, exact = FALSE) reports it.
 */
import { kolmogorovSf } from './kolmogorov.js';
import { StatsInputError, requireFiniteArray } from './stats-input-error.js';

export interface KsResult {
  statistic: number;
  pValue: number;
}

export function ksTwoSample(x: readonly number[], y: readonly number[]): KsResult {
  if (x.length === 0) throw new StatsInputError('x', 'needs at least one value');
  if (y.length === 0) throw new StatsInputError('y', 'needs at least one value');
  requireFiniteArray('x', x);
  requireFiniteArray('y', y);
  const a = [...x].sort((p, q) => p - q);
  const b = [...y].sort((p, q) => p - q);
  const m = a.length;
  const n = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < m && j < n) {
    const v = Math.min(a[i] as number, b[j] as number);
    while (i < m && a[i] === v) i++;
    while (j < n && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / m - j / n));
  }
  return { statistic: d, pValue: kolmogorovSf(Math.sqrt((m * n) / (m + n)) * d) };
}
