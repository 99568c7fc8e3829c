/**
 * Settled prediction sketches store their items as 32-bit ids into one process-wide table
 * instead of 8-byte string pointers: a controller keeps hundreds of items per second per stream,
 * and the same few hundred labels recur in every one of them. Ids are never reused or forgotten,
 * so an id read back always names the item it was given for. The table is bounded in items and
 * in characters (items can be long free text): once full, a sketch with a new item keeps its
 * items as strings (the same reads, only without the saving).
 */
export type FrozenItems = readonly string[] | ItemIdArray;
/** Ids in 16 bits while every id in the sketch is below 65,536 (the table's first items), else 32. */
export type ItemIdArray = Uint16Array | Uint32Array;

/** Ids of one sketch being encoded, before they are narrowed into its own array. */
let scratch = new Uint32Array(1024);

export class ItemIds {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private chars = 0;

  /** `limit`: distinct items the table gives ids to, ever; `charLimit`: their total length. */
  constructor(
    readonly limit: number,
    readonly charLimit = 64 * limit,
  ) {}

  get size(): number {
    return this.names.length;
  }

  /** The items as ids, or the same strings when an item is new and the table is full. */
  encode(items: readonly string[]): FrozenItems {
    const ids = new Uint32Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const id = this.give(items[i]!);
      if (id === undefined) return items;
      ids[i] = id;
    }
    return narrowIds(ids, ids.length);
  }

  /**
   * `encode` of each pair's item (an imported sketch's [item, count] pairs) without an array of
   * the items in between; undefined where `encode` would keep strings (the table is full).
   */
  encodeFirsts(pairs: readonly (readonly [string, number])[]): ItemIdArray | undefined {
    const n = pairs.length;
    if (scratch.length < n) scratch = new Uint32Array(Math.max(n, 2 * scratch.length));
    for (let i = 0; i < n; i++) {
      const id = this.give(pairs[i]![0]);
      if (id === undefined) return undefined;
      scratch[i] = id;
    }
    return narrowIds(scratch, n);
  }

  /** `item`'s id, given now when it has none and the table has room; undefined when it is full. */
  private give(item: string): number | undefined {
    let id = this.ids.get(item);
    if (id === undefined) {
      if (this.names.length >= this.limit || this.chars + item.length > this.charLimit) return undefined;
      this.chars += item.length;
      id = this.names.length;
      this.names.push(item);
      this.ids.set(item, id);
    }
    return id;
  }

  /** The id `item` was given, if it was given one (it never changes, and none is given after). */
  idOf(item: string): number | undefined {
    return this.ids.get(item);
  }

  /** The item given `id` (an id from `encode`). */
  name(id: number): string {
    return this.names[id]!;
  }
}

/** Room for the labels of thousands of models; full at 262,144 items or 16 M characters. */
export const ITEM_IDS = new ItemIds(1 << 18);

/** The first `k` ids, in 16 bits while every one is below 65,536 (as `ItemIds.encode` answers). */
export function narrowIds(ids: Uint32Array, k: number): ItemIdArray {
  let max = 0;
  for (let i = 0; i < k; i++) if (ids[i]! > max) max = ids[i]!;
  if (max >= 2 ** 16) return ids.slice(0, k);
  const narrow = new Uint16Array(k);
  narrow.set(ids.subarray(0, k));
  return narrow;
}

export function isIds(items: FrozenItems): items is ItemIdArray {
  return ArrayBuffer.isView(items);
}

export function itemAt(items: FrozenItems, i: number): string {
  return isIds(items) ? ITEM_IDS.name(items[i]!) : items[i]!;
}

export function decodeItems(items: FrozenItems): readonly string[] {
  if (!isIds(items)) return items;
  // A loop, not Array.from: that walks a typed array through its iterator, a result object per id.
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = ITEM_IDS.name(items[i]!);
  return out;
}
