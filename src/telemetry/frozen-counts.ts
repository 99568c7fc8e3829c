import { CountsIterator, EntriesIterator, ItemsIterator } from './flat-iterators.js';
import { type FrozenItems, isIds, itemAt, type ItemIdArray } from './item-ids.js';
import type { NarrowUints } from './narrow-uints.js';

/**
 * A read-only item → count map over a frozen sketch's flat arrays, so a window's answer hands out
 * its predictions without building a Map: judges mostly iterate the counts (totals, entropy,
 * top share), which reads the arrays directly. The first `get` or `has` builds an index once.
 */
export class FrozenCounts implements ReadonlyMap<string, number> {
  private index: Map<string, number> | undefined;

  /** `items[i]` has count `counts[i]` (equal lengths); neither array is written after this is built. */
  constructor(
    private readonly items: FrozenItems,
    private readonly counts: Float64Array | NarrowUints,
  ) {}

  get size(): number {
    return this.items.length;
  }

  get(item: string): number | undefined {
    const i = this.positions().get(item);
    return i === undefined ? undefined : this.counts[i];
  }

  has(item: string): boolean {
    return this.positions().has(item);
  }

  // Judges sum, align and take logs over these in loops every tick: iterators that allocate
  // nothing per item (flat-iterators.ts).
  entries(): MapIterator<[string, number]> {
    return new EntriesIterator(this.items, this.counts);
  }

  keys(): MapIterator<string> {
    return new ItemsIterator(this.items);
  }

  values(): MapIterator<number> {
    return new CountsIterator(this.counts);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(
    fn: (value: number, key: string, map: ReadonlyMap<string, number>) => void,
    thisArg?: unknown,
  ): void {
    for (let i = 0; i < this.items.length; i++)
      fn.call(thisArg, this.counts[i]!, itemAt(this.items, i), this);
  }

  /** The items as ids into ITEM_IDS with their counts, side by side, when the items are held as ids. */
  idCounts(): ItemIdCounts | undefined {
    return isIds(this.items) ? { ids: this.items, counts: this.counts } : undefined;
  }

  private positions(): Map<string, number> {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.items.length; i++) this.index.set(itemAt(this.items, i), i);
    }
    return this.index;
  }
}

/** Item ids (ITEM_IDS) and their counts, index by index, in a window's order. */
export interface ItemIdCounts {
  readonly ids: ItemIdArray;
  readonly counts: ArrayLike<number>;
}

/** `counts` as ids and counts when it is a window's frozen counts held as ids: no item decoded. */
export function itemIdCounts(counts: ReadonlyMap<string, number>): ItemIdCounts | undefined {
  return counts instanceof FrozenCounts ? counts.idCounts() : undefined;
}
