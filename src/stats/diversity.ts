/**
 * Prediction-diversity statistics over item counts (or proportions), given as a frequency map
 * (a ReleaseWindow's `predictions`) or an array. NaN when there is nothing to measure, rather
 * than a misleading 0.
 */

/** Item counts (or proportions) as a frequency map or an array. */
export type Frequencies = ReadonlyMap<string, number> | readonly number[];

function valuesOf(counts: Frequencies): Iterable<number> {
  return Array.isArray(counts)
    ? (counts as readonly number[])
    : (counts as ReadonlyMap<string, number>).values();
}

function sizeOf(counts: Frequencies): number {
  return Array.isArray(counts) ? counts.length : (counts as ReadonlyMap<string, number>).size;
}

/** Shannon entropy divided by ln(number of items listed): 1 = uniform, 0 = a single item. */
export function normalizedEntropy(counts: Frequencies): number {
  let total = 0;
  for (const c of valuesOf(counts)) if (c > 0) total += c;
  if (total <= 0) return Number.NaN;
  const k = sizeOf(counts);
  if (k === 1) return 0;
  let h = 0;
  for (const c of valuesOf(counts)) {
    if (c <= 0) continue;
    const p = c / total;
    h -= p * Math.log(p);
  }
  return h / Math.log(k);
}

/** Share of all predictions taken by the most frequent item. */
export function topItemShare(counts: Frequencies): number {
  let total = 0;
  let top = 0;
  for (const c of valuesOf(counts)) {
    if (c <= 0) continue;
    total += c;
    if (c > top) top = c;
  }
  return total > 0 ? top / total : Number.NaN;
}

/** Distinct items seen divided by the catalogue size (NaN when the catalogue size is unknown). */
export function coverage(counts: Frequencies, catalogueSize: number): number {
  if (!(catalogueSize > 0)) return Number.NaN;
  let distinct = 0;
  for (const c of valuesOf(counts)) if (c > 0) distinct++;
  return Math.min(1, distinct / catalogueSize);
}
