/**
 * One shared string per predicted item of a model. Items arrive as fresh strings (parsed from
 * each request or imported bucket); without this, every per-second sketch holds its own copies
 * of the same few hundred strings, and the heap fills with duplicates the collector must walk.
 * Each model's table is bounded: when full it starts over, which only costs sharing, never
 * correctness (equal strings compare equal whether shared or not).
 */
export class ItemInterner {
  private readonly byModel = new Map<string, (item: string) => string>();

  /** `limit`: distinct items remembered per model before its table starts over. */
  constructor(private readonly limit: number) {}

  /** A function interning items of `model`, to pass where one model's items are read. */
  forModel(model: string): (item: string) => string {
    let intern = this.byModel.get(model);
    if (!intern) {
      const table = new Map<string, string>();
      const limit = this.limit;
      intern = (item) => {
        const shared = table.get(item);
        if (shared !== undefined) return shared;
        if (table.size >= limit) table.clear();
        table.set(item, item);
        return item;
      };
      this.byModel.set(model, intern);
    }
    return intern;
  }

  /** Forgets a model no longer recorded. */
  drop(model: string): void {
    this.byModel.delete(model);
  }
}
