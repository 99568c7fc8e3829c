/**
 * Counts above a pooled quantile, for a blocked quantile test between two DDSketches of the same
 * span. The tested arm's values are first divided by gamma^shift (its keys moved down by `shift`
 * bins, exact in key space for a logarithmic mapping: key(v/gamma^s) = key(v) − s), then pooled
 * with the other arm's; the threshold is the pooled bin holding the q-quantile, a function of the
 * pooled multiset of keys alone. Values above that bin count as events on their arm, or values in
it and above when that brings the pooled count of events nearer (1 − q) of all values, or when
nothing is above it (ties: one arm's values all sharing a bin). The choice looks at pooled counts
only, never at which arm a value came from.
 *
 * Why that is a fair split: if, within the span, the tested arm's values divided by gamma^shift
 * and the other arm's are drawn from one distribution and each request's arm is decided
 * independently of its value (a traffic split), then given the pooled keys the arm labels are
 * exchangeable, and the tested arm's count above the threshold is hypergeometric with its share
 * of requests. A tested arm that is smaller still (after the shift) only has fewer above.
 */
import type { DDSketch } from '@datadog/sketches-js';

import { requireQuantile } from './compare-quantiles.js';
import { StatsInputError } from './stats-input-error.js';

export interface PooledExceedances {
  /** Tested-arm values above the pooled threshold, and the tested arm's total. */
  tested: number;
  testedTotal: number;
  /** Other-arm values above it, and its total. */
  other: number;
  otherTotal: number;
}

/** Smallest shift s (in bins) with gamma^s ≥ factor: dividing by gamma^s is at least dividing by factor. */
export function binShift(sketch: DDSketch, factor: number): number {
  if (!(Number.isFinite(factor) && factor >= 1))
    throw new StatsInputError('factor', `must be a finite number ≥ 1, got ${factor}`);
  const gamma = sketch.mapping.gamma;
  return Math.max(0, Math.ceil(Math.log(factor) / Math.log(gamma) - 1e-9));
}

export function pooledExceedances(
  tested: DDSketch,
  other: DDSketch,
  q: number,
  shift: number,
): PooledExceedances {
  requireQuantile(q);
  if (!Number.isInteger(shift)) throw new StatsInputError('shift', `must be an integer, got ${shift}`);
  const testedTotal = tested.count;
  const otherTotal = other.count;
  const result = { tested: 0, testedTotal, other: 0, otherTotal };
  const n = testedTotal + otherTotal;
  if (!(n > 0)) return result;
  const ts = tested.store;
  const os = other.store;
  const tBins = ts.bins as number[];
  const oBins = os.bins as number[];
  // Key k of the pooled histogram: tested bin k + shift − offset, other bin k − offset.
  const tOff = ts.offset - shift;
  const oOff = os.offset;
  const tAt = (k: number): number => tBins[k - tOff] ?? 0;
  const oAt = (k: number): number => oBins[k - oOff] ?? 0;
  const lo = Math.min(tOff, oOff);
  const hi = Math.max(tOff + tBins.length, oOff + oBins.length) - 1;
  // Zeros (and never-expected negatives) sit below every positive bin.
  let seen = testedTotal - ts.count + (otherTotal - os.count);
  // The pooled bin holding rank q·(n − 1), as DDSketch reads a quantile.
  const rank = q * (n - 1);
  let threshold = Number.NEGATIVE_INFINITY;
  if (seen <= rank)
    for (let k = lo; k <= hi; k++) {
      seen += tAt(k) + oAt(k);
      if (seen > rank) {
        threshold = k;
        break;
      }
    }
  let tAbove = 0;
  let oAbove = 0;
  if (threshold === Number.NEGATIVE_INFINITY) {
    tAbove = ts.count;
    oAbove = os.count;
  } else
    for (let k = threshold + 1; k <= hi; k++) {
      tAbove += tAt(k);
      oAbove += oAt(k);
    }
  const tAt0 = Number.isFinite(threshold) ? tAt(threshold) : 0;
  const oAt0 = Number.isFinite(threshold) ? oAt(threshold) : 0;
  const target = (1 - q) * n;
  const kAbove = tAbove + oAbove;
  const kAtOrAbove = kAbove + tAt0 + oAt0;
  const strict = kAbove > 0 && Math.abs(kAbove - target) <= Math.abs(kAtOrAbove - target);
  result.tested = strict ? tAbove : tAbove + tAt0;
  result.other = strict ? oAbove : oAbove + oAt0;
  return result;
}
