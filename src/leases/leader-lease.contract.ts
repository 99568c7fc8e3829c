/**
 * The suite every LeaderLease runs (see leader-lease.ts for the rules it checks). `make` builds a
 * fresh lease; when the implementation can have two holders compete (two processes, two database
 * sessions), it also returns `rival`, a second contender for the same lease.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaderLease } from './leader-lease.js';

export interface LeaderLeaseFixture {
  subject: LeaderLease;
  /** Another contender for the same lease, as a second controller would hold it. */
  rival?: LeaderLease | undefined;
  close(): Promise<void>;
}

export function runLeaderLeaseContract(name: string, make: () => Promise<LeaderLeaseFixture>): void {
  describe(`LeaderLease contract: ${name}`, () => {
    let fixture: LeaderLeaseFixture | undefined;
    const setUp = async (): Promise<LeaderLeaseFixture> => (fixture = await make());
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    it('names itself for logs', async () => {
      const { subject } = await setUp();
      expect(subject.name).toMatch(/\S/);
    });

    it('takes a free lease, and keeps it on every later acquire', async () => {
      const { subject } = await setUp();
      expect(await subject.acquire()).toBe(true);
      expect(await subject.acquire()).toBe(true);
      expect(await subject.acquire()).toBe(true);
    });

    it('is taken again after a release', async () => {
      const { subject } = await setUp();
      expect(await subject.acquire()).toBe(true);
      await subject.release();
      expect(await subject.acquire()).toBe(true);
    });

    it('treats a release when not held as a no-op', async () => {
      const { subject, rival } = await setUp();
      await expect(subject.release()).resolves.toBeUndefined();
      if (!rival) return;
      // Releasing what it never held frees nobody else's lease.
      expect(await rival.acquire()).toBe(true);
      await subject.release();
      expect(await subject.acquire()).toBe(false);
    });

    it('lets only one of two contenders lead until the leader releases', async ({ skip }) => {
      const { subject, rival } = await setUp();
      if (!rival) return skip('this lease has a single holder by design');
      expect(await subject.acquire()).toBe(true);
      expect(await rival.acquire()).toBe(false);
      await subject.release();
      expect(await rival.acquire()).toBe(true);
      expect(await subject.acquire()).toBe(false);
    });

    it('never stacks holds: one release frees a lease acquired many times, even at once', async ({
      skip,
    }) => {
      const { subject, rival } = await setUp();
      if (!rival) return skip('this lease has a single holder by design');
      expect(await Promise.all([subject.acquire(), subject.acquire()])).toEqual([true, true]);
      expect(await subject.acquire()).toBe(true);
      await subject.release();
      expect(await rival.acquire()).toBe(true);
    });
  });
}
