/** The controller leads only while its injected lease says so, and gives the lease up on stop. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import type { LeaderLease } from '../../src/leases/leader-lease.js';
import { testDatabases } from '../support/databases.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const sqlite = (await testDatabases()).find((d) => d.name === 'sqlite');

/** A lease the test steers: `leads` answers acquire (an Error is thrown). */
function steeredLease(): LeaderLease & { leads: boolean | Error; released: number } {
  const lease = {
    name: 'steered',
    leads: false as boolean | Error,
    released: 0,
    acquire: () =>
      lease.leads instanceof Error ? Promise.reject(lease.leads) : Promise.resolve(lease.leads),
    release: () => {
      lease.released += 1;
      return Promise.resolve();
    },
  };
  return lease;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (fields: Record<string, unknown> | string, message?: string): void => {
      lines.push(
        typeof fields === 'string' ? `${level} ${fields}` : `${level} ${message} ${JSON.stringify(fields)}`,
      );
    };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe.skipIf(!sqlite)('controller leadership through its lease', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('stands by while the lease is held elsewhere, leads once it is granted, releases it on stop', async () => {
    if (!sqlite) return;
    const lease = steeredLease();
    const logger = recordingLogger();
    h = await createHarness(sqlite, { lease, logger });
    expect(await h.controller.tick()).toMatchObject({ reconciled: 0, leader: false });
    expect(h.controller.isLeader).toBe(false);
    lease.leads = true;
    expect((await h.controller.tick()).leader).toBe(true);
    expect(h.controller.isLeader).toBe(true);
    expect(logger.lines.filter((l) => l.includes('controller is now the leader'))).toHaveLength(1);
    await h.controller.tick();
    expect(logger.lines.filter((l) => l.includes('controller is now the leader'))).toHaveLength(1);
    await h.controller.stop();
    expect(lease.released).toBe(1);
    expect(h.controller.isLeader).toBe(false);
  });

  it('stands by, saying why, when the lease cannot tell', async () => {
    if (!sqlite) return;
    const lease = steeredLease();
    const logger = recordingLogger();
    h = await createHarness(sqlite, { lease, logger });
    lease.leads = new Error('lease store unreachable');
    expect(await h.controller.tick()).toMatchObject({ reconciled: 0, leader: false });
    expect(
      logger.lines.some((l) => /^warn leader election failed; standing by .*"lease":"steered"/.test(l)),
    ).toBe(true);
  });
});
