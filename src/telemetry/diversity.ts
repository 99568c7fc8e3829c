/**
 * Prediction-diversity statistics over an item-frequency map (a ReleaseWindow's `predictions`).
 * Pure functions; they return NaN when there is nothing to measure rather than a misleading 0.
 */

/** Shannon entropy divided by log(distinct items): 1 = uniform, 0 = a single item. */
export function normalizedEntropy(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const c of counts.values()) total += c;
  if (total <= 0) return Number.NaN;
  if (counts.size === 1) return 0;
  let h = 0;
  for (const c of counts.values()) {
    if (c <= 0) continue;
    const p = c / total;
    h -= p * Math.log(p);
  }
  return h / Math.log(counts.size);
}

/** Share of all predictions taken by the most frequent item. */
export function topItemShare(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  let top = 0;
  for (const c of counts.values()) {
    total += c;
    if (c > top) top = c;
  }
  return total > 0 ? top / total : Number.NaN;
}

/** Distinct items seen divided by the catalogue size (NaN when the catalogue size is unknown). */
export function coverage(counts: ReadonlyMap<string, number>, catalogueSize: number): number {
  if (!(catalogueSize > 0)) return Number.NaN;
  let distinct = 0;
  for (const c of counts.values()) if (c > 0) distinct++;
  return Math.min(1, distinct / catalogueSize);
}
