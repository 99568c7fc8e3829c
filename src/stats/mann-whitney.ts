/**
 * Two-sample Wilcoxon / Mann-Whitney test as R's
 * `wilcox.test(x, y, conf.int = TRUE, exact = FALSE, correct = TRUE)` computes it: normal
 * approximation with tie correction and continuity correction, the location-shift estimate and
 * confidence interval found by root-finding on the standardized statistic of (x − d, y) with R's
 * Brent solver at R's tolerance (1e-4), so estimate and limits agree with R to the digit.
 */
import { findRoot } from './find-root.js';
import { normalCdf, normalQuantile, normalSf } from './normal.js';
import { rankWithTies } from './rank.js';
import { StatsInputError, requireFiniteArray, requireOpenUnit } from './stats-input-error.js';

import type { Alternative } from './types.js';

export interface MannWhitneyOptions {
  /** @default 0.98 (Kayenta's level) */
  confLevel?: number;
  /** Continuity correction of the p-value and interval. @default true */
  correct?: boolean;
  /** @default 'two-sided' */
  alternative?: Alternative;
  /** Location shift under the null. @default 0 */
  mu?: number;
}

export interface MannWhitneyResult {
  /** R's W: the Mann-Whitney U of x (rank sum of x minus n_x(n_x + 1)/2). */
  statistic: number;
  pValue: number;
  /** Location-shift estimate x − y (R's "difference in location"). */
  estimate: number;
  /** Confidence interval for the shift; one-sided alternatives give an infinite end. */
  confInt: [number, number];
}

/** Tolerance R's wilcox.test passes to uniroot (`tol.root`). */
const ROOT_TOL = 1e-4;

function standardized(
  x: readonly number[],
  y: readonly number[],
  d: number,
  correction: (dz: number) => number,
): number {
  const nx = x.length;
  const ny = y.length;
  const pooled = new Array<number>(nx + ny);
  for (let i = 0; i < nx; i++) pooled[i] = (x[i] as number) - d;
  for (let j = 0; j < ny; j++) pooled[nx + j] = y[j] as number;
  const { ranks, tieTerm } = rankWithTies(pooled);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i] as number;
  const dz = rankSum - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - tieTerm / ((nx + ny) * (nx + ny - 1))));
  if (sigma === 0) throw new StatsInputError('x, y', 'all observations are tied; there is no spread to test');
  return (dz - correction(dz)) / sigma;
}

export function mannWhitney(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const { confLevel = 0.98, correct = true, alternative = 'two-sided', mu = 0 } = options;
  if (x.length === 0) throw new StatsInputError('x', 'needs at least one value');
  if (y.length === 0) throw new StatsInputError('y', 'needs at least one value');
  requireFiniteArray('x', x);
  requireFiniteArray('y', y);
  requireOpenUnit('confLevel', confLevel);

  const correction = (dz: number): number => {
    if (!correct) return 0;
    if (alternative === 'greater') return 0.5;
    if (alternative === 'less') return -0.5;
    return Math.sign(dz) * 0.5;
  };
  const nx = x.length;

  const pooled = [...x.map((v) => v - mu), ...y];
  const { ranks } = rankWithTies(pooled);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i] as number;
  const statistic = rankSum - (nx * (nx + 1)) / 2;

  const z = standardized(x, y, mu, correction);
  const pValue =
    alternative === 'less'
      ? normalCdf(z)
      : alternative === 'greater'
        ? normalSf(z)
        : Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));

  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    if (v < minX) minX = v;
    if (v > maxX) maxX = v;
  }
  for (const v of y) {
    if (v < minY) minY = v;
    if (v > maxY) maxY = v;
  }
  const muMin = minX - maxY;
  const muMax = maxX - minY;

  const wdiff = (d: number, zq: number, corrected: boolean): number =>
    standardized(x, y, d, corrected ? correction : () => 0) - zq;
  // In extreme cases R returns the search-range end (e.g. wilcox.test(1, 2:60, conf.int = TRUE)).
  const root = (zq: number): number => {
    const fLower = wdiff(muMin, zq, true);
    const fUpper = wdiff(muMax, zq, true);
    if (fLower <= 0) return muMin;
    if (fUpper >= 0) return muMax;
    return findRoot((d) => wdiff(d, zq, true), muMin, muMax, { tol: ROOT_TOL, fLower, fUpper });
  };
  const alpha = 1 - confLevel;
  let confInt: [number, number];
  if (alternative === 'two-sided') {
    confInt = [root(-normalQuantile(alpha / 2)), root(normalQuantile(alpha / 2))];
  } else if (alternative === 'greater') {
    confInt = [root(-normalQuantile(alpha)), Number.POSITIVE_INFINITY];
  } else {
    confInt = [Number.NEGATIVE_INFINITY, root(normalQuantile(alpha))];
  }
  // R estimates without the continuity correction, and lets uniroot fail on a degenerate range.
  const estimate =
    muMin === muMax ? muMin : findRoot((d) => wdiff(d, 0, false), muMin, muMax, { tol: ROOT_TOL });
  return { statistic, pValue, estimate, confInt };
}
