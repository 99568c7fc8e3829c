/**
 * Number of values a DDSketch holds above a threshold, read from its bins. Values that share
 * the threshold's bin (within the sketch's relative accuracy of it) count as not above, so an
 * "above" count never overstates.
 */
import type { DDSketch } from '@datadog/sketches-js';

type Store = DDSketch['store'];

/** Sum of bins whose key is strictly greater than `key`. */
function countKeysAbove(store: Store, key: number): number {
  let total = 0;
  for (let i = 0; i < store.bins.length; i++) {
    if (i + store.offset > key) total += store.bins[i] as number;
  }
  return total;
}

export function countAbove(sketch: DDSketch, threshold: number): number {
  if (Number.isNaN(threshold)) return Number.NaN;
  const { mapping } = sketch;
  if (threshold >= mapping.minPossible) return countKeysAbove(sketch.store, mapping.key(threshold));
  // Threshold at or around zero, or negative: every positive value is above.
  if (threshold >= -mapping.minPossible) return sketch.store.count + (threshold < 0 ? sketch.zeroCount : 0);
  // Negative threshold: positives, zeros, and negatives whose magnitude is below |threshold|.
  const negKey = mapping.key(-threshold);
  let negativesAbove = 0;
  const neg = sketch.negativeStore;
  for (let i = 0; i < neg.bins.length; i++)
    if (i + neg.offset < negKey) negativesAbove += neg.bins[i] as number;
  return sketch.store.count + sketch.zeroCount + negativesAbove;
}
