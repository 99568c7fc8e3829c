/**
 * `HeavyHitters.merge` of several frozen sketches in turn, over item ids: a window's tail, a
 * roll-up block or a cached window's extension merges a few to sixty settled seconds, and one
 * running sum indexed by id does what a Map of decoded strings (or a new array per merge) did, in
 * the same order, with the same floors and prunes.
 */
import type { ItemIdArray } from './item-ids.js';

export interface IdPart {
  ids: ItemIdArray;
  counts: ArrayLike<number>;
  floor: number;
  total: number;
}

export interface IdChain {
  ids: Uint32Array;
  counts: Float64Array;
  /** Entries written (the arrays' first `length` slots). */
  length: number;
  floor: number;
  total: number;
}

/** Position + 1 in the running sum of each id held (0 = absent); all 0 between calls. */
let slots = new Int32Array(1024);
/** The part that last listed each id, by stamp, to find the items a pruned part lacks. */
let listedBy = new Int32Array(1024);
let stamp = 0;

/**
 * `start` merged with each of `parts` in order, as HeavyHitters.merge does: items a part lacks
 * gain its floor, its new items enter at the running floor, floors and totals add, and at
 * 2 × capacity items `prune(ids, counts, n, floor)` cuts the sum back (returning the entries kept
 * and the floor after).
 */
export function chainIds(
  start: IdPart,
  parts: readonly IdPart[],
  capacity: number,
  prune: (
    ids: Uint32Array,
    counts: Float64Array,
    n: number,
    floor: number,
  ) => { kept: number; floor: number },
): IdChain {
  let top = 0;
  let room = start.ids.length;
  for (const id of start.ids) if (id > top) top = id;
  for (const p of parts) {
    room += p.ids.length;
    for (const id of p.ids) if (id > top) top = id;
  }
  if (slots.length <= top) {
    slots = new Int32Array(Math.max(top + 1, slots.length * 2));
    listedBy = new Int32Array(slots.length);
  }
  const at = slots;
  const ids = new Uint32Array(room);
  const counts = new Float64Array(room);
  let n = 0;
  for (let i = 0; i < start.ids.length; i++) {
    ids[n] = start.ids[i]!;
    counts[n] = start.counts[i]!;
    at[ids[n]!] = ++n;
  }
  let floor = start.floor;
  let total = start.total;
  for (const p of parts) {
    if (p.floor > 0) {
      stamp = stamp >= 2 ** 31 - 1 ? (listedBy.fill(0), 1) : stamp + 1;
      for (let j = 0; j < p.ids.length; j++) listedBy[p.ids[j]!] = stamp;
      for (let i = 0; i < n; i++) if (listedBy[ids[i]!] !== stamp) counts[i] = counts[i]! + p.floor;
    }
    for (let j = 0; j < p.ids.length; j++) {
      const id = p.ids[j]!;
      const held = at[id]!;
      if (held > 0) counts[held - 1] = counts[held - 1]! + p.counts[j]!;
      else {
        ids[n] = id;
        counts[n] = floor + p.counts[j]!;
        at[id] = ++n;
      }
    }
    floor += p.floor;
    total += p.total;
    if (n >= capacity * 2) {
      for (let i = 0; i < n; i++) at[ids[i]!] = 0;
      const cut = prune(ids, counts, n, floor);
      n = cut.kept;
      floor = cut.floor;
      for (let i = 0; i < n; i++) at[ids[i]!] = i + 1;
    }
  }
  for (let i = 0; i < n; i++) at[ids[i]!] = 0;
  return { ids, counts, length: n, floor, total };
}
