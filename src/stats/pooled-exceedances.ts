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

/** The bins of a sketch's positive store as [key, count] pairs; zeros go to the lowest key. */
function binsOf(sketch: DDSketch, shift: number): Map<number, number> {
  const out = new Map<number, number>();
  const { store } = sketch;
  for (let i = 0; i < store.bins.length; i++) {
    const c = store.bins[i] as number;
    if (c > 0) out.set(i + store.offset - shift, c);
  }
  return out;
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
  const t = binsOf(tested, shift);
  const o = binsOf(other, 0);
  // Zeros and (never expected) negatives sit below every positive bin.
  const low = Number.NEGATIVE_INFINITY;
  const tLow = testedTotal - sumOf(t);
  const oLow = otherTotal - sumOf(o);
  const keys = [...new Set([...t.keys(), ...o.keys()])].sort((a, b) => a - b);
  // The pooled bin holding rank q·(n − 1), as DDSketch reads a quantile.
  const rank = q * (n - 1);
  let seen = tLow + oLow;
  let threshold = low;
  if (seen <= rank)
    for (const k of keys) {
      seen += (t.get(k) ?? 0) + (o.get(k) ?? 0);
      if (seen > rank) {
        threshold = k;
        break;
      }
    }
  const above = { tested: 0, other: 0 };
  const atOrAbove = { tested: 0, other: 0 };
  for (const [k, c] of t) {
    if (k > threshold) above.tested += c;
    if (k >= threshold) atOrAbove.tested += c;
  }
  for (const [k, c] of o) {
    if (k > threshold) above.other += c;
    if (k >= threshold) atOrAbove.other += c;
  }
  const target = (1 - q) * n;
  const kAbove = above.tested + above.other;
  const kAtOrAbove = atOrAbove.tested + atOrAbove.other;
  const pick = kAbove > 0 && Math.abs(kAbove - target) <= Math.abs(kAtOrAbove - target) ? above : atOrAbove;
  result.tested = pick.tested;
  result.other = pick.other;
  return result;
}

function sumOf(bins: Map<number, number>): number {
  let s = 0;
  for (const c of bins.values()) s += c;
  return s;
}
