/**
 * The most uneven split of one category between two samples: a homogeneity test that sees a
 * mass moved onto (or off) a single category however sparse the rest of the table is, where a
 * chi-square must pool sparse categories and can lose it (a release that predicts one rare item
 * for everyone). Under the null (one distribution for both samples), given a category's total T,
 * sample A's count is hypergeometric; it is read against the binomial with A's share of all
 * observations, r = n_A / (n_A + n_B), the more spread of the two, close to it while a category
 * is a small part of both samples. Each category's p-value is twice its smaller tail, and the
 * smallest is multiplied by the number of categories seen (Bonferroni). Splits within 3 standard
 * deviations are read as p = 1 without computing their tails (only conservative).
 */
import { logBetaTails } from './incomplete-beta.js';
import { requireSameLength } from './normalize.js';
import { StatsInputError } from './stats-input-error.js';

/** Splits closer than this many standard deviations to A's share are read as p = 1. */
const SCREEN_Z = 3;

/** Splits of columns up to this total are remembered by (total, count): the key stays exact. */
const MEMO_BELOW = 1e6;

export interface CategorySplitResult {
  pValue: number;
  /** Index of the category with the most uneven split (-1 when none is 3 sd off). */
  category: number;
}

/** ln P(X ≥ x) and ln P(X ≤ x) for X ~ Binomial(n, r). */
function logBinomialTails(x: number, n: number, r: number): { atLeast: number; atMost: number } {
  const atLeast = x <= 0 ? 0 : logBetaTails(r, x, n - x + 1).lower;
  const atMost = x >= n ? 0 : logBetaTails(r, x + 1, n - x).upper;
  return { atLeast, atMost };
}

export function categorySplitTest(
  countsA: ArrayLike<number>,
  countsB: ArrayLike<number>,
): CategorySplitResult {
  requireSameLength(countsA, countsB, ['countsA', 'countsB']);
  let nA = 0;
  let nB = 0;
  for (let i = 0; i < countsA.length; i++) {
    const a = countsA[i]!;
    const b = countsB[i]!;
    if (!(Number.isFinite(a) && a >= 0))
      throw new StatsInputError(`countsA[${i}]`, `must be a count ≥ 0, got ${a}`);
    if (!(Number.isFinite(b) && b >= 0))
      throw new StatsInputError(`countsB[${i}]`, `must be a count ≥ 0, got ${b}`);
    nA += a;
    nB += b;
  }
  if (nA === 0 || nB === 0)
    throw new StatsInputError(nA === 0 ? 'countsA' : 'countsB', 'needs at least one observation');
  const r = nA / (nA + nB);
  let best = 0;
  let category = -1;
  if (r === 1 || r === 0) return { pValue: 1, category };
  // A sparse table repeats its small splits (1 of 1, 1 of 2, ...): each split's tails are taken
  // once per call and reused, the same value for the same split.
  const splits = new Map<number, number>();
  const splitLogP = (a: number, total: number): number => {
    const memo = total < MEMO_BELOW;
    const key = (total * (total + 1)) / 2 + a;
    let logP = memo ? splits.get(key) : undefined;
    if (logP === undefined) {
      const t = logBinomialTails(a, total, r);
      logP = Math.min(0, Math.LN2 + Math.min(t.atLeast, t.atMost));
      if (memo) splits.set(key, logP);
    }
    return logP;
  };
  let seen = 0;
  for (let i = 0; i < countsA.length; i++) {
    const total = countsA[i]! + countsB[i]!;
    if (total === 0) continue;
    seen++;
    // Exact tails only where the split is at least 3 sd off: elsewhere the p-value, even before
    // Bonferroni, is far above any level a judge tests at, and reading it as 1 only costs power.
    const z = (countsA[i]! - total * r) / Math.sqrt(total * r * (1 - r));
    if (!(Math.abs(z) >= SCREEN_Z)) continue;
    const logP = splitLogP(countsA[i]!, total);
    if (logP < best) {
      best = logP;
      category = i;
    }
  }
  return { pValue: Math.min(1, seen * Math.exp(best)), category };
}
