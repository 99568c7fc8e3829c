import type { StoreDialect } from '../../store/store-dialect.js';
import type { LeaderLease } from '../leader-lease.js';

/** 'ripc' — the advisory lock every controller of one database's public schema competes for. */
export const LEADER_LOCK_KEY = 0x72697063;

/**
 * The lock key of the control plane in `schema`. Advisory locks span the whole database, while
 * control planes sharing one database each have their own schema: each schema gets its own key
 * (the public schema keeps LEADER_LOCK_KEY), so one schema's leader never blocks another's.
 */
export function leaderLockKey(schema: string | undefined): number {
  if (schema === undefined || schema === 'public') return LEADER_LOCK_KEY;
  // FNV-1a over the schema name: stable across processes and releases.
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`ripcord-leader:${schema}`)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

/** The part of a store dialect this lease needs (PostgreSQL's session advisory locks). */
export type AdvisoryLocks = Pick<StoreDialect, 'description' | 'tryAdvisoryLock' | 'releaseAdvisoryLock'>;

/**
 * Leadership as a PostgreSQL session advisory lock: held while the dialect's lock session lives,
 * so a leader whose process dies frees it without anyone's help.
 *
 * PostgreSQL stacks session locks (taking one twice needs two unlocks), so the lease remembers
 * that it holds the lock and never asks again, and concurrent acquires share one attempt.
 */
export function advisoryLockLease(dialect: AdvisoryLocks, options: { key?: number } = {}): LeaderLease {
  const { tryAdvisoryLock, releaseAdvisoryLock } = dialect;
  if (!tryAdvisoryLock || !releaseAdvisoryLock) {
    throw new Error(
      `advisory-lock lease: the store ${dialect.description} has no advisory locks; use the single lease ` +
        'for a store only one process opens',
    );
  }
  const key = options.key ?? LEADER_LOCK_KEY;
  let held = false;
  let attempt: Promise<boolean> | undefined;
  return {
    name: `advisory-lock:${dialect.description}`,
    acquire() {
      if (held) return Promise.resolve(true);
      attempt ??= tryAdvisoryLock
        .call(dialect, key)
        .then((locked) => (held = locked))
        .finally(() => (attempt = undefined));
      return attempt;
    },
    async release() {
      // An acquire in flight may be about to take the lock: let it land (its caller sees any
      // failure), then give the lock up.
      if (attempt) await attempt.catch(() => false);
      if (!held) return;
      // Released or not, this holder no longer acts as the leader.
      held = false;
      await releaseAdvisoryLock.call(dialect, key);
    },
  };
}
