/**
 * One shared string per predicted item. Items arrive as fresh strings (parsed from each request
 * or imported bucket); without this, every per-second sketch holds its own copies of the same
 * few hundred strings, and the heap fills with duplicates the collector must walk. One table
 * for all models: models often predict from the same labels, and a single small table stays in
 * cache where one per model does not. Bounded: when full it starts over, which only costs
 * sharing, never correctness (equal strings compare equal whether shared or not).
 */
export class ItemInterner {
  private readonly table = new Map<string, string>();

  /** `limit`: distinct items remembered before the table starts over. */
  constructor(private readonly limit: number) {}

  readonly intern = (item: string): string => {
    const shared = this.table.get(item);
    if (shared !== undefined) return shared;
    if (this.table.size >= this.limit) this.table.clear();
    this.table.set(item, item);
    return item;
  };
}
