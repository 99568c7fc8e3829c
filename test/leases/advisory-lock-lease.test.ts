/** The advisory-lock lease against real PostgreSQL: two dialects are two sessions, two contenders. */
import { randomInt } from 'node:crypto';
import { describe, it } from 'vitest';
import { advisoryLockLease } from '../../src/leases/advisory-lock/advisory-lock-lease.js';
import { runLeaderLeaseContract } from '../../src/leases/leader-lease.contract.js';
import { postgresStoreDialect } from '../../src/store/postgres-store-dialect.js';
import { POSTGRES_URL, testDatabases } from '../support/databases.js';

// Required in CI (testDatabases throws there when PostgreSQL is unreachable); skipped, saying so, elsewhere.
const postgres = (await testDatabases()).some((d) => d.name === 'postgres');

if (postgres) {
  runLeaderLeaseContract('advisory-lock', () => {
    // A key of its own per test, so suites sharing the database never contend for it.
    const key = randomInt(1, 2 ** 31 - 1);
    const sessions = [postgresStoreDialect(POSTGRES_URL), postgresStoreDialect(POSTGRES_URL)] as const;
    return Promise.resolve({
      subject: advisoryLockLease(sessions[0], { key }),
      rival: advisoryLockLease(sessions[1], { key }),
      close: async () => {
        await Promise.all(sessions.map((session) => session.close?.()));
      },
    });
  });
} else {
  describe('LeaderLease contract: advisory-lock', () => {
    it.skip(`needs PostgreSQL at ${POSTGRES_URL} (set RIPCORD_TEST_POSTGRES_URL or start it)`, () =>
      undefined);
  });
}
