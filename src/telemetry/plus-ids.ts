/**
 * `HeavyHitters.plus` over item ids: a judge's window is its cached merge plus the seconds since,
 * every tick, and with both sides as ids (item-ids.ts) matching an item is an array index instead
 * of a string-keyed Map lookup, and the answer is ids too, so the cached merge holds 2 bytes per
 * item where it held an 8-byte string pointer.
 */
import type { ItemIdArray } from './item-ids.js';

/** Position + 1 in the other side of each id met in the current call (0 = absent); reset after use. */
let positions = new Int32Array(1024);

export interface IdSum {
  ids: Uint32Array;
  counts: Float64Array;
  /** Entries written (the arrays' first `length` slots). */
  length: number;
}

/**
 * Mine in order, each plus its count on their side (or `theirFloor`), then their items not in
 * mine, in their order, each plus `myFloor`: the order and counts `plus` answers before pruning.
 * Items on each side are distinct.
 */
export function sumIds(
  mine: ItemIdArray,
  myCounts: ArrayLike<number>,
  myFloor: number,
  theirs: ItemIdArray,
  theirCounts: ArrayLike<number>,
  theirFloor: number,
): IdSum {
  let top = 0;
  for (let j = 0; j < theirs.length; j++) if (theirs[j]! > top) top = theirs[j]!;
  for (let i = 0; i < mine.length; i++) if (mine[i]! > top) top = mine[i]!;
  if (positions.length <= top) positions = new Int32Array(Math.max(top + 1, positions.length * 2));
  const at = positions;
  for (let j = 0; j < theirs.length; j++) at[theirs[j]!] = j + 1;
  const n = mine.length + theirs.length;
  const ids = new Uint32Array(n);
  const counts = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < mine.length; i++) {
    const id = mine[i]!;
    const j = at[id]!;
    ids[k] = id;
    if (j > 0) {
      counts[k++] = myCounts[i]! + theirCounts[j - 1]!;
      // Met: not one of their new items below.
      at[id] = -1;
    } else counts[k++] = myCounts[i]! + theirFloor;
  }
  for (let j = 0; j < theirs.length; j++) {
    const id = theirs[j]!;
    if (at[id]! > 0) {
      ids[k] = id;
      counts[k++] = myFloor + theirCounts[j]!;
    }
    at[id] = 0;
  }
  return { ids, counts, length: k };
}
