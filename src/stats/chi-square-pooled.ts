/**
 * Chi-square homogeneity with sparse categories pooled: categories whose expected count on the
 * smaller sample is below `minExpected` are merged into one, so the chi-square approximation
 * holds into the far tail the judges test at (p of 1e-6 and below). A 5 % canary over a
 * catalogue of hundreds of items leaves most items with expected counts well below 1, where the
 * plain statistic's variance exceeds 2·df and its tail p-values are far too small.
 *
 * Pooling keeps the test's level: which categories are merged depends only on the column totals
 * (candidate + baseline per category), and under the null the split of each column between the
 * two samples does not depend on them.
 */
import { chiSquareHomogeneity, type ChiSquareResult } from './chi-square-homogeneity.js';
import { requireSameLength } from './normalize.js';

/** Expected count per cell the approximation wants (Cochran's rule). */
export const MIN_EXPECTED = 5;

export function chiSquarePooled(
  countsA: readonly number[],
  countsB: readonly number[],
  minExpected = MIN_EXPECTED,
): ChiSquareResult {
  requireSameLength(countsA, countsB, ['countsA', 'countsB']);
  let totalA = 0;
  let totalB = 0;
  for (let i = 0; i < countsA.length; i++) {
    totalA += countsA[i]!;
    totalB += countsB[i]!;
  }
  const total = totalA + totalB;
  const smaller = Math.min(totalA, totalB);
  const a: number[] = [];
  const b: number[] = [];
  let restA = 0;
  let restB = 0;
  for (let i = 0; i < countsA.length; i++) {
    const ca = countsA[i]!;
    const cb = countsB[i]!;
    if (total > 0 && ((ca + cb) * smaller) / total >= minExpected) {
      a.push(ca);
      b.push(cb);
    } else {
      restA += ca;
      restB += cb;
    }
  }
  if (restA + restB > 0) {
    const restExpected = total > 0 ? ((restA + restB) * smaller) / total : 0;
    // A pooled cell still too small joins the smallest kept category (chosen by totals alone).
    if (restExpected < minExpected && a.length > 0) {
      let k = 0;
      for (let i = 1; i < a.length; i++) if (a[i]! + b[i]! < a[k]! + b[k]!) k = i;
      a[k] = a[k]! + restA;
      b[k] = b[k]! + restB;
    } else {
      a.push(restA);
      b.push(restB);
    }
  }
  return chiSquareHomogeneity(a, b);
}
