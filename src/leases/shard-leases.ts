/**
 * The shard-lease contract: several controllers share one store and each leads a share of the
 * models. Models fall into `shards` fixed shards (a hash of the model's name); each shard is held
 * by at most one controller, and live controllers split the shards about evenly, so adding a
 * controller adds capacity and a dead one's shards move to the others.
 *
 * Rules every implementation follows:
 * - `acquire()` is called every tick: it keeps the shards held, gives up those above this
 *   controller's fair share (ceil(shards / live controllers)) and takes free ones up to it; it
 *   resolves the shards held now. A controller acts only on models of those shards.
 * - A dead holder's shards become free without anyone's help (its session ends).
 * - It throws when it cannot tell (store unreachable); the caller then acts on nothing.
 * - `release()` gives every shard up.
 *
 * Shipped: `advisory-shards` (PostgreSQL session advisory locks: leases/advisory-shards/).
 */
export interface ShardLeases {
  /** For logs, e.g. `advisory-shards:postgres://db/ripcord (16 shards)`. */
  readonly name: string;
  readonly shards: number;
  acquire(): Promise<ReadonlySet<number>>;
  release(): Promise<void>;
}

/** The shard of a model: FNV-1a of its name, stable across processes and releases. */
export function shardOf(model: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(model)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % shards;
}
