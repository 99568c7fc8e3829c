import { FrozenCounts } from './frozen-counts.js';
import {
  decodeItems,
  type FrozenItems,
  isIds,
  ITEM_IDS,
  type ItemIdArray,
  itemAt,
  narrowIds,
} from './item-ids.js';
import { narrowUints, type NarrowUints, uintsHolding } from './narrow-uints.js';
import { chainIds, type IdPart } from './merge-ids.js';
import { sumIds } from './plus-ids.js';

/** The arrays of every empty sketch (frozen arrays are never written in place). */
const NO_ITEMS: ItemIdArray = new Uint16Array(0);
const NO_COUNTS: NarrowUints = new Uint8Array(0);

/**
 * Bounded item-frequency counter (space-saving with lazy pruning). Exact while it holds fewer than
 * 2×capacity distinct items; on reaching 2×capacity (by `add` or `merge`) it prunes back to the top
 * `capacity`, so it never holds 2×capacity entries after a call. A new item enters with the
 * largest pruned count (`floor`) added, and a merge adds the floors, so:
 * - every reported count over-estimates the true one by at most `floor` (never under-estimates);
 * - an item not reported has a true count of at most `floor`;
 * - `floor` ≤ N / capacity (N = total count), for added and for merged sketches alike (pinned by
 *   heavy-hitters.test.ts over random merge trees of pruned sketches): any item with true
 *   frequency above N / capacity is always present.
 *
 * `freeze` turns a sketch that is done changing (a settled second) into two flat arrays, which
 * the garbage collector walks far faster than a Map and which `merge` reads by index; the sketch
 * reads and behaves exactly the same, and thaws back into a Map if it is written again. A frozen
 * sketch's items are 32-bit ids (item-ids.ts) where the shared table has room. Imported
 * sketches arrive frozen, a merge into an empty sketch shares a frozen one's arrays, and `plus`
 * answers a merged copy as arrays: read paths build no Map they do not write.
 */
export class HeavyHitters {
  /** Undefined while frozen; a new sketch starts frozen and empty (a read-only window's never needs a Map). */
  private map: Map<string, number> | undefined = undefined;
  /** The frozen form: items and their counts, in the Map's insertion order. */
  private frozenItems: FrozenItems | undefined = NO_ITEMS;
  private frozenCounts: Float64Array | NarrowUints | undefined = NO_COUNTS;
  /** Upper bound on the over-estimate of any reported count (0 while exact). */
  floor = 0;
  total = 0;

  constructor(readonly capacity = 1000) {}

  /** Item → count (over-estimated by at most `floor`). Reading it thaws a frozen sketch. */
  get counts(): Map<string, number> {
    return this.map ?? this.thaw();
  }

  /** Item → count without thawing: the Map itself, or a read-only view of the frozen arrays. */
  view(): ReadonlyMap<string, number> {
    return this.map ?? new FrozenCounts(this.frozenItems!, this.frozenCounts!);
  }

  get frozen(): boolean {
    return this.map === undefined;
  }

  /** The frozen arrays (items and counts in order), or undefined while the sketch is a Map. */
  frozenParts(): { items: FrozenItems; counts: Float64Array | NarrowUints } | undefined {
    if (this.map) return undefined;
    return { items: this.frozenItems!, counts: this.frozenCounts! };
  }

  /** A frozen sketch over `items` and `counts` (shared, never written in place). */
  static ofFrozen(
    capacity: number,
    floor: number,
    total: number,
    items: FrozenItems,
    counts: Float64Array | NarrowUints,
  ): HeavyHitters {
    const hh = new HeavyHitters(capacity);
    hh.floor = floor;
    hh.total = total;
    hh.map = undefined;
    hh.frozenItems = items;
    hh.frozenCounts = counts;
    return hh;
  }

  /** Switches to the compact read-only form; any later write or `counts` read thaws it. */
  freeze(): void {
    const map = this.map;
    if (!map) return;
    const items = new Array<string>(map.size);
    const counts = new Float64Array(map.size);
    let i = 0;
    for (const [item, count] of map) {
      items[i] = item;
      counts[i++] = count;
    }
    this.frozenItems = ITEM_IDS.encode(items);
    this.frozenCounts = compactCounts(counts);
    this.map = undefined;
  }

  private thaw(): Map<string, number> {
    const map = new Map<string, number>();
    const items = this.frozenItems ?? [];
    const counts = this.frozenCounts!;
    for (let i = 0; i < items.length; i++) map.set(itemAt(items, i), counts[i]!);
    this.map = map;
    this.frozenItems = undefined;
    this.frozenCounts = undefined;
    return map;
  }

  /** Number of items held. */
  get size(): number {
    return this.map ? this.map.size : this.frozenItems!.length;
  }

  /** `intern` shares the string of an item new to this sketch (see ItemInterner); a known item needs none. */
  add(item: string, count = 1, intern?: (item: string) => string): void {
    this.total += count;
    const map = this.map ?? this.thaw();
    const current = map.get(item);
    if (current !== undefined) {
      map.set(item, current + count);
      return;
    }
    map.set(intern ? intern(item) : item, this.floor + count);
    if (map.size >= this.capacity * 2) this.prune();
  }

  merge(other: HeavyHitters): void {
    // Counts add; items absent on one side may have been pruned there, so floors add too. Items
    // only here gain other.floor (first, while `counts` holds only this side's items); items only
    // there enter at this.floor. An exact `other` (floor 0) costs O(other), not O(this).
    const items = other.frozenItems;
    const otherCounts = other.frozenCounts;
    if (items && otherCounts && this.total === 0 && this.floor === 0 && this.size === 0) {
      // Into an empty sketch: the same counts, and frozen arrays are never written in place.
      this.map = undefined;
      this.frozenItems = items;
      this.frozenCounts = otherCounts;
      this.floor = other.floor;
      this.total = other.total;
      return;
    }
    // Frozen on both sides (a window or roll-up merged second by second from settled seconds):
    // summed as ids into new arrays, as `plus` does, instead of thawing this side into a Map of
    // decoded strings that a later freeze encodes again.
    if (items && otherCounts && this.map === undefined) {
      const sum = this.plusByIds(other);
      if (sum) {
        this.frozenItems = sum.frozenItems;
        this.frozenCounts = sum.frozenCounts;
        this.floor = sum.floor;
        this.total = sum.total;
        return;
      }
    }
    const counts = this.counts;
    if (other.floor > 0) {
      const has: { has(item: string): boolean } = items ? new Set(decodeItems(items)) : other.counts;
      for (const [item, count] of counts) if (!has.has(item)) counts.set(item, count + other.floor);
    }
    if (items && otherCounts)
      for (let i = 0; i < items.length; i++) {
        const item = itemAt(items, i);
        const current = counts.get(item);
        counts.set(item, (current ?? this.floor) + otherCounts[i]!);
      }
    else
      for (const [item, count] of other.counts) {
        const current = counts.get(item);
        counts.set(item, (current ?? this.floor) + count);
      }
    this.floor += other.floor;
    this.total += other.total;
    // Lazily, as `add`: a window merged second by second prunes once per `capacity` new items.
    if (counts.size >= this.capacity * 2) this.prune();
  }

  /**
   * `merge` of each of `others` in turn. Frozen sketches over item ids on both sides (settled
   * seconds and roll-ups) are summed in one pass over ids (merge-ids.ts), with what each merge
   * would have done; anything else merges one by one.
   */
  mergeAll(others: readonly HeavyHitters[]): void {
    if (others.length < 2 || !idsOnly(this) || !others.every(idsOnly)) {
      for (const o of others) this.merge(o);
      return;
    }
    const part = (h: HeavyHitters): IdPart => ({
      ids: h.frozenItems as ItemIdArray,
      counts: h.frozenCounts!,
      floor: h.floor,
      total: h.total,
    });
    const sum = chainIds(part(this), others.map(part), this.capacity, (ids, counts, n, floor) => {
      this.floor = floor;
      const kept = this.pruneArrays(ids, counts, n);
      return { kept, floor: this.floor };
    });
    this.keepIds(sum.ids, sum.counts, sum.length);
    this.floor = sum.floor;
    this.total = sum.total;
  }

  /** Keeps the `capacity` largest counts; the largest dropped count becomes the new floor. O(n), no sort. */
  private prune(): void {
    const values = Float64Array.from(this.counts.values());
    const threshold = kthLargest(values, this.capacity);
    let keepAtThreshold = this.capacity;
    for (const c of this.counts.values()) if (c > threshold) keepAtThreshold--;
    for (const [item, count] of this.counts) {
      if (count > threshold) continue;
      if (count === threshold && keepAtThreshold > 0) {
        keepAtThreshold--;
        continue;
      }
      this.counts.delete(item);
      if (count > this.floor) this.floor = count;
    }
  }

  /**
   * A new frozen sketch equal to `this.clone()` merged with `other`, this one unchanged (`other`
   * too, unless `consume` says it is scratch, which leaves it empty): the items in
   * this sketch's order, then `other`'s new ones, built as arrays instead of a Map copy, and
   * pruned as `merge` prunes (same threshold, ties kept in the same order, same floor).
   */
  plus(other: HeavyHitters, options: { consume?: boolean } = {}): HeavyHitters {
    const consumed = other.map !== undefined && options.consume === true;
    const byIds = this.plusByIds(other);
    if (byIds) {
      if (consumed) {
        other.map = new Map();
        other.floor = 0;
        other.total = 0;
      }
      return byIds;
    }
    // `other`'s items not yet met in this sketch, in its order: only the smaller side is indexed.
    // `consume`: `other` is a scratch sketch the caller drops, so its Map is used up in place.
    let rest = new Map<string, number>();
    if (consumed) {
      rest = other.map!;
      other.map = new Map();
    } else if (other.map) for (const [item, count] of other.map) rest.set(item, count);
    else {
      const theirs = other.frozenItems!;
      const theirCounts = other.frozenCounts!;
      for (let i = 0; i < theirs.length; i++) rest.set(itemAt(theirs, i), theirCounts[i]!);
    }
    const n = this.size + rest.size;
    const items = new Array<string>(n);
    const counts = new Float64Array(n);
    let k = 0;
    // This sketch's items in order (two loops, one per form, for a tight loop on each).
    if (this.map)
      for (const [item, count] of this.map) {
        const t = rest.get(item);
        if (t !== undefined) rest.delete(item);
        items[k] = item;
        counts[k++] = count + (t ?? other.floor);
      }
    else {
      const mine = this.frozenItems!;
      const mineCounts = this.frozenCounts!;
      for (let i = 0; i < mine.length; i++) {
        const item = itemAt(mine, i);
        const t = rest.get(item);
        if (t !== undefined) rest.delete(item);
        items[k] = item;
        counts[k++] = mineCounts[i]! + (t ?? other.floor);
      }
    }
    for (const [item, count] of rest) {
      items[k] = item;
      counts[k++] = this.floor + count;
    }
    const hh = new HeavyHitters(this.capacity);
    hh.floor = this.floor + other.floor;
    hh.total = this.total + other.total;
    if (consumed) {
      other.floor = 0;
      other.total = 0;
    }
    if (k >= this.capacity * 2) k = hh.pruneArrays(items, counts, k);
    items.length = k;
    hh.map = undefined;
    // As ids where the table has room, so the next `plus` onto this answer takes `plusByIds`.
    hh.frozenItems = ITEM_IDS.encode(items);
    hh.frozenCounts = compactCounts(k < n ? counts.slice(0, k) : counts);
    return hh;
  }

  /**
   * `plus` when this sketch's items are ids and `other`'s are or can be (plus-ids.ts): the same
   * order, counts, pruning and floor, without a Map; undefined otherwise.
   */
  private plusByIds(other: HeavyHitters): HeavyHitters | undefined {
    const mine = this.frozenItems;
    if (!mine || !isIds(mine)) return undefined;
    let theirs: FrozenItems;
    let theirCounts: ArrayLike<number>;
    if (other.map) {
      theirs = ITEM_IDS.encode([...other.map.keys()]);
      theirCounts = Float64Array.from(other.map.values());
    } else {
      theirs = other.frozenItems!;
      theirCounts = other.frozenCounts!;
    }
    if (!isIds(theirs)) return undefined;
    const sum = sumIds(mine, this.frozenCounts!, this.floor, theirs, theirCounts, other.floor);
    const hh = new HeavyHitters(this.capacity);
    hh.floor = this.floor + other.floor;
    hh.total = this.total + other.total;
    let k = sum.length;
    if (k >= this.capacity * 2) k = hh.pruneArrays(sum.ids, sum.counts, k);
    hh.keepIds(sum.ids, sum.counts, k);
    return hh;
  }

  /** Frozen over the first `k` ids and counts of a sum, each in the narrowest array that holds it. */
  private keepIds(ids: Uint32Array, counts: Float64Array, k: number): void {
    this.map = undefined;
    this.frozenItems = narrowIds(ids, k);
    const kept = counts.subarray(0, k);
    this.frozenCounts = narrowUints(kept) ?? kept.slice();
  }

  /** `prune` over the first `n` entries of two arrays, compacted in place; returns the entries kept. */
  private pruneArrays(items: { [i: number]: string | number }, counts: Float64Array, n: number): number {
    const threshold = kthLargest(counts.slice(0, n), this.capacity);
    let keepAtThreshold = this.capacity;
    for (let i = 0; i < n; i++) if (counts[i]! > threshold) keepAtThreshold--;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const count = counts[i]!;
      if (count > threshold || (count === threshold && keepAtThreshold-- > 0)) {
        items[kept] = items[i]!;
        counts[kept++] = count;
      } else if (count > this.floor) this.floor = count;
    }
    return kept;
  }

  /** An independent copy (one Map copy, cheaper than merging into an empty sketch). */
  clone(): HeavyHitters {
    const hh = new HeavyHitters(this.capacity);
    hh.floor = this.floor;
    hh.total = this.total;
    if (this.map) for (const [item, count] of this.map) hh.counts.set(item, count);
    else {
      // Frozen arrays are never written in place: the copy can share them.
      hh.map = undefined;
      hh.frozenItems = this.frozenItems;
      hh.frozenCounts = this.frozenCounts;
    }
    return hh;
  }

  toJSON(): { c: number; f: number; t: number; i: [string, number][] } {
    if (this.map) return { c: this.capacity, f: this.floor, t: this.total, i: [...this.map] };
    const items = this.frozenItems!;
    const counts = this.frozenCounts!;
    const i = decodeItems(items).map((item, k): [string, number] => [item, counts[k]!]);
    return { c: this.capacity, f: this.floor, t: this.total, i };
  }

  /** `intern` maps each item to a shared string, so sketches of one model do not each hold copies. */
  static fromJSON(
    json: { c: number; f: number; t: number; i: [string, number][] },
    intern: (item: string) => string = (item) => item,
  ): HeavyHitters {
    // Arrives frozen: an imported sketch is read (merged) far more often than written.
    const hh = new HeavyHitters(json.c);
    hh.floor = json.f;
    hh.total = json.t;
    hh.map = undefined;
    // As ids, no string is kept: interning would only cost a lookup per item.
    hh.frozenItems = ITEM_IDS.encodeFirsts(json.i) ?? ITEM_IDS.encode(json.i.map(([item]) => intern(item)));
    hh.frozenCounts = pairCounts(json.i);
    return hh;
  }
}

/** Frozen with its items as ids. */
function idsOnly(h: HeavyHitters): boolean {
  const parts = h.frozenParts();
  return parts !== undefined && isIds(parts.items);
}

/**
 * Counts as 8-, 16- or 32-bit integers when every one is whole and fits (a sketch fed whole
 * counts, as the gateway feeds it, stays whole through merges and prunes): a kept second's counts
 * are mostly under 256, one byte each instead of eight. Any other count keeps the 64-bit array.
 */
export function compactCounts(counts: Float64Array): Float64Array | NarrowUints {
  return narrowUints(counts) ?? counts;
}

/**
 * `compactCounts` of the pairs' counts, sized from one pass over them: no 64-bit array in between
 * (an import builds one per imported second).
 */
function pairCounts(pairs: readonly (readonly [string, number])[]): Float64Array | NarrowUints {
  const n = pairs.length;
  let max = 0;
  let whole = true;
  for (let k = 0; k < n; k++) {
    // As a Float64Array would hold it.
    const v = Number(pairs[k]![1]);
    if (!(v >= 0 && v < 2 ** 32 && Number.isInteger(v))) whole = false;
    else if (v > max) max = v;
  }
  const counts = whole ? uintsHolding(max, n) : new Float64Array(n);
  for (let k = 0; k < n; k++) counts[k] = Number(pairs[k]![1]);
  return counts;
}

/** The k-th largest value (1-based) by in-place quickselect. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}
