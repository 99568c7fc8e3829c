import type { LeaderLease } from '../leader-lease.js';

/**
 * The lease of a store only one process can use (SQLite): there is no one to compete with, so
 * this process always leads.
 */
export function singleLease(): LeaderLease {
  return {
    name: 'single',
    acquire: () => Promise.resolve(true),
    release: () => Promise.resolve(),
  };
}
