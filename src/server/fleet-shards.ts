/**
 * Controllers that share the work: the shard leases (leases/advisory-shards/) over a store's
 * PostgreSQL session locks, counting live controllers in `pg_locks`.
 */
import { sql } from 'kysely';
import { ValidationError } from '../core/errors.js';
import { advisoryShardLeases } from '../leases/advisory-shards/advisory-shard-leases.js';
import type { ShardLeases } from '../leases/shard-leases.js';
import type { Store } from '../store/index.js';

export function storeShardLeases(store: Store, shards: number): ShardLeases {
  const { dialect } = store;
  const { tryAdvisoryLock, releaseAdvisoryLock } = dialect;
  if (!tryAdvisoryLock || !releaseAdvisoryLock)
    throw new ValidationError(
      'shards',
      `controllers share models only on PostgreSQL; ${dialect.description} has one controller (leave shards unset)`,
    );
  return advisoryShardLeases(
    {
      description: dialect.description,
      tryLock: (key) => tryAdvisoryLock.call(dialect, key),
      unlock: (key) => releaseAdvisoryLock.call(dialect, key),
      async heldAmong(from, count) {
        // A one-argument advisory key below 2^32 shows as classid 0, objid key, objsubid 1.
        const row = await sql<{ n: number }>`
          select count(*)::int as n from pg_locks
          where locktype = 'advisory' and granted and objsubid = 1 and classid = 0
            and database = (select oid from pg_database where datname = current_database())
            and objid::text::bigint >= ${from} and objid::text::bigint < ${from + count}`.execute(store.db);
        return Number(row.rows[0]?.n ?? 0);
      },
    },
    { shards, namespace: dialect.migrationSchema ?? 'public' },
  );
}
