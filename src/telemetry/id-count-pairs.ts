/**
 * A packed bucket's items and counts as bytes, in id order: the ids as a bitmap over their range
 * where they are dense (a minute of a 2,000-item catalogue holds ~1,800 of them: 250 bytes), else
 * each as its gap from the id before (one byte in a catalogue's second), and each count as LEB128
 * (one byte under 128, which most counts of a second or a minute are). A sealed minute takes ~1.3
 * bytes an item instead of 4 (a 16-bit id and a 16-bit count), and sealed minutes are what a
 * control plane's memory grows by as steps age.
 *
 * Items come back in id order, not the order the sketch held them in: the same counts, so every
 * total, share and bound is the same; only which of several items tied at a prune threshold a
 * later merge keeps can differ (any of them keeps the error bound, heavy-hitters.ts).
 */
import { uintsHolding, type NarrowUints } from './narrow-uints.js';
import type { ItemIdArray } from './item-ids.js';
import { VarintReader, varintBytes, writeVarint } from './varints.js';

// Scratch for idOrder, grown as needed: a control plane packs ~2 buckets a second per stream.
let keys = new Float64Array(256);
let positions = new Uint32Array(256);
/** Position + 1 of each id, by id − the lowest; all 0 between calls. */
let byId = new Uint32Array(4096);

/**
 * Positions into `ids` (unique), sorted by id: valid until the next call (scratch, so packing a
 * bucket leaves no garbage behind).
 */
export function idOrder(ids: ItemIdArray): Uint32Array {
  const n = ids.length;
  if (keys.length < n) {
    keys = new Float64Array(Math.max(n, keys.length * 2));
    positions = new Uint32Array(keys.length);
  }
  let lo = Infinity;
  let hi = -1;
  let ascending = true;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id < lo) lo = id;
    if (id > hi) hi = id;
    else ascending = false;
  }
  // Already in id order (a bucket packed before, exported and imported into the same table).
  if (ascending) {
    for (let i = 0; i < n; i++) positions[i] = i;
    return positions.subarray(0, n);
  }
  const span = hi - lo + 1;
  // A catalogue's ids are dense: placing each by id and reading them back in one pass beats a sort.
  if (span <= 16 * n + 1024) {
    if (byId.length < span) byId = new Uint32Array(Math.max(span, byId.length * 2));
    for (let i = 0; i < n; i++) byId[ids[i]! - lo] = i + 1;
    let k = 0;
    for (let j = 0; j < span; j++) {
      const at = byId[j]!;
      if (at === 0) continue;
      positions[k++] = at - 1;
      byId[j] = 0;
    }
    return positions.subarray(0, n);
  }
  // Else one native numeric sort of id · 2^32 + position (ids are below 2^21: the key is exact).
  const sorted = keys.subarray(0, n);
  for (let i = 0; i < n; i++) sorted[i] = ids[i]! * 2 ** 32 + i;
  sorted.sort();
  for (let i = 0; i < n; i++) positions[i] = sorted[i]! % 2 ** 32;
  return positions.subarray(0, n);
}

/** How a bucket's items are written: the form and its length in bytes. */
export interface PairsForm {
  /** Ids as a bitmap over [lowest, highest] (dense sets), else as gaps from the id before. */
  bitmap: boolean;
  bytes: number;
}

/** The smaller form for these items (ids unique, counts whole and below 2^32) and its length. */
export function pairsForm(ids: ItemIdArray, counts: ArrayLike<number>, order: Uint32Array): PairsForm {
  const n = order.length;
  let countBytes = 0;
  let gapBytes = 0;
  let previous = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    countBytes += varintBytes(counts[i]!);
    gapBytes += varintBytes(ids[i]! - previous);
    previous = ids[i]!;
  }
  if (n === 0) return { bitmap: false, bytes: 0 };
  const lo = ids[order[0]!]!;
  const span = previous - lo + 1;
  const bitmapBytes = varintBytes(lo) + varintBytes(span) + Math.ceil(span / 8);
  return bitmapBytes < gapBytes
    ? { bitmap: true, bytes: bitmapBytes + countBytes }
    : { bitmap: false, bytes: gapBytes + countBytes };
}

/**
 * Writes the items at `out[at…]` (zeroed) in `form`, in id order; returns the offset after them.
 * Gaps: each id's gap from the one before, then its count. Bitmap: the lowest id, the span to the
 * highest, a bit per id of the span (lowest first, least significant bit first), then the counts.
 */
export function writePairs(
  out: Uint8Array,
  at: number,
  ids: ItemIdArray,
  counts: ArrayLike<number>,
  order: Uint32Array,
  form: PairsForm,
): number {
  const n = order.length;
  if (form.bitmap && n > 0) {
    const lo = ids[order[0]!]!;
    const span = ids[order[n - 1]!]! - lo + 1;
    at = writeVarint(out, at, lo);
    at = writeVarint(out, at, span);
    for (let k = 0; k < n; k++) {
      const bit = ids[order[k]!]! - lo;
      const byte = at + (bit >>> 3);
      out[byte] = out[byte]! | (1 << (bit & 7));
    }
    at += Math.ceil(span / 8);
    for (let k = 0; k < n; k++) at = writeVarint(out, at, counts[order[k]!]!);
    return at;
  }
  let previous = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    at = writeVarint(out, at, ids[i]! - previous);
    at = writeVarint(out, at, counts[i]!);
    previous = ids[i]!;
  }
  return at;
}

/**
 * The `n` items written at `bytes[at…]` in the form `bitmap` says, as arrays of the widths the
 * sketch held them in (2 or 4 bytes an id; 1, 2 or 4 a count): new arrays, the caller's to keep.
 */
export function readPairs(
  bytes: Uint8Array,
  at: number,
  n: number,
  bitmap: boolean,
  idWidth: number,
  countWidth: number,
): { ids: ItemIdArray; counts: NarrowUints } {
  const ids: ItemIdArray = idWidth === 2 ? new Uint16Array(n) : new Uint32Array(n);
  const counts = uintsHolding(countWidth === 1 ? 0 : countWidth === 2 ? 2 ** 8 : 2 ** 16, n);
  const reader = new VarintReader(bytes, at);
  if (bitmap && n > 0) {
    const lo = reader.next();
    const span = reader.next();
    const bitsAt = reader.at;
    let k = 0;
    for (let byte = 0; byte * 8 < span && k < n; byte++) {
      let bits = bytes[bitsAt + byte]!;
      while (bits !== 0) {
        const low = bits & -bits;
        ids[k++] = lo + byte * 8 + (31 - Math.clz32(low));
        bits ^= low;
      }
    }
    reader.at = bitsAt + Math.ceil(span / 8);
    for (let j = 0; j < n; j++) counts[j] = reader.next();
    return { ids, counts };
  }
  let id = 0;
  for (let k = 0; k < n; k++) {
    id += reader.next();
    ids[k] = id;
    counts[k] = reader.next();
  }
  return { ids, counts };
}
