import type { StoreDialect } from '../../store/store-dialect.js';
import type { LeaderLease } from '../leader-lease.js';

/** 'ripc' — the advisory lock every controller of one database competes for. */
export const LEADER_LOCK_KEY = 0x72697063;

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
