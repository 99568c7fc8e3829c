/**
 * Small integer ids for predicted items, one table for the process. A settled sketch stores its
 * items as an Int32Array of ids rather than an array of strings: the collector walks no pointers
 * in it, where the settled seconds of 1,000 rollouts held tens of millions of them. The table is
 * never cleared (stored sketches keep their ids for as long as the window holds them), so it is
 * bounded instead: once full, a new item gets no id and a sketch holding one keeps its strings,
 * which costs only compactness, never correctness. The table's string doubles as the shared copy
 * of the item (see ItemInterner).
 */
export class ItemIds {
  private readonly ids = new Map<string, number>();
  private readonly items: string[] = [];

  /** `limit`: distinct items given an id, ever. */
  constructor(private readonly limit: number) {}

  /** The item's id, assigned on first sight; -1 when it has none (the table is full). */
  idOf(item: string): number {
    const id = this.ids.get(item);
    if (id !== undefined) return id;
    if (this.items.length >= this.limit) return -1;
    this.items.push(item);
    this.ids.set(item, this.items.length - 1);
    return this.items.length - 1;
  }

  /** The item of an id handed out by `idOf`. */
  itemOf(id: number): string {
    return this.items[id]!;
  }

  get size(): number {
    return this.items.length;
  }
}

/** Room for the distinct items of a few hundred models over hours (about 50 MB when full). */
export const itemIds = new ItemIds(1 << 19);
