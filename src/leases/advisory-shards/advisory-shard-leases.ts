/**
 * Shard leases as PostgreSQL session advisory locks. Each controller holds one membership lock
 * (a slot among `maxMembers`), so the live controllers can be counted in `pg_locks`; each shard
 * is one more lock. Every acquire: count the members, give up the shards above the fair share,
 * try free shards up to it. A controller whose process or session dies frees all its locks at
 * once, so the others' share grows and they take its shards on their next tick.
 */
import type { ShardLeases } from '../shard-leases.js';

/** What the leases need from the database: one session's try-lock and unlock, and a count. */
export interface ShardLockSession {
  description: string;
  tryLock(key: number): Promise<boolean>;
  unlock(key: number): Promise<void>;
  /** How many of the keys [from, from + count) are held, by any session. */
  heldAmong(from: number, count: number): Promise<number>;
}

export interface AdvisoryShardOptions {
  /** @default 16 */
  shards?: number;
  /** @default 64 */
  maxMembers?: number;
  /** Separates the lock keys of control planes sharing one database (e.g. the schema). */
  namespace?: string;
}

export function advisoryShardLeases(
  session: ShardLockSession,
  options: AdvisoryShardOptions = {},
): ShardLeases {
  const shards = options.shards ?? 16;
  const maxMembers = options.maxMembers ?? 64;
  if (!Number.isInteger(shards) || shards < 1 || shards > 4096)
    throw new Error(`shards: ${shards} must be a whole number from 1 to 4096`);
  const base = keyBase(options.namespace ?? 'public');
  const memberKey = (slot: number): number => base + slot;
  const shardKey = (shard: number): number => base + maxMembers + shard;
  let member: number | undefined;
  const held = new Set<number>();
  let running: Promise<ReadonlySet<number>> | undefined;

  const join = async (): Promise<void> => {
    if (member !== undefined) return;
    for (let slot = 0; slot < maxMembers; slot++)
      if (await session.tryLock(memberKey(slot))) {
        member = slot;
        return;
      }
    throw new Error(`advisory shards: all ${maxMembers} controller slots are taken`);
  };

  const rebalance = async (): Promise<ReadonlySet<number>> => {
    await join();
    const members = Math.max(1, await session.heldAmong(memberKey(0), maxMembers));
    const fair = Math.ceil(shards / members);
    // Above the fair share: give up the highest shards, for a newcomer to take.
    for (const shard of [...held].sort((a, b) => b - a)) {
      if (held.size <= fair) break;
      await session.unlock(shardKey(shard));
      held.delete(shard);
    }
    // Start the search at this member's own offset, so controllers do not all race for shard 0.
    const start = ((member ?? 0) * Math.ceil(shards / Math.max(members, 1))) % shards;
    for (let i = 0; i < shards && held.size < fair; i++) {
      const shard = (start + i) % shards;
      if (held.has(shard)) continue;
      if (await session.tryLock(shardKey(shard))) held.add(shard);
    }
    return new Set(held);
  };

  return {
    name: `advisory-shards:${session.description} (${shards} shards)`,
    shards,
    acquire() {
      running ??= rebalance().finally(() => (running = undefined));
      return running;
    },
    async release() {
      if (running) await running.catch(() => undefined);
      for (const shard of held) await session.unlock(shardKey(shard));
      held.clear();
      if (member !== undefined) await session.unlock(memberKey(member));
      member = undefined;
    },
  };
}

/** A base key per namespace, below 2^31 with room for members and shards after it. */
function keyBase(namespace: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`ripcord-shards:${namespace}`))
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash & 0x7ffe0000;
}
