/**
 * The suite every TrafficRouter runs (traffic-router.ts states the rules). An implementation's
 * test calls `runTrafficRouterContract(name, make)`; `make` builds a fresh router over its own
 * data plane for each test.
 */
import { describe, expect, it } from 'vitest';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import { TrafficNotAppliedError } from './traffic-router.js';
import type { TrafficRouter } from './traffic-router.js';

export interface TrafficRouterFixture {
  subject: TrafficRouter;
  /** Commits a policy for `model` as the registry would (next revision) and returns it. */
  commit(model: string): TrafficPolicy;
  /**
   * From now on one data plane stops serving new revisions until `catchUp()`; returns its name as
   * errors give it. Absent for a router with nothing to wait for.
   */
  lag?(): { laggard: string; catchUp(): void };
  close(): Promise<void>;
}

export function runTrafficRouterContract(name: string, make: () => Promise<TrafficRouterFixture>): void {
  describe(`TrafficRouter contract: ${name}`, () => {
    const using = async (test: (fixture: TrafficRouterFixture) => Promise<void>): Promise<void> => {
      const fixture = await make();
      try {
        await test(fixture);
      } finally {
        await fixture.close();
      }
    };

    it('has a name and declares every capability', () =>
      using(({ subject }) => {
        expect(subject.name).toMatch(/\S/);
        for (const feature of ['weights', 'regions', 'headerRoutes', 'mirror', 'sticky'] as const)
          expect(typeof subject.capabilities[feature], feature).toBe('boolean');
        return Promise.resolve();
      }));

    it('confirms a policy once the data plane serves its revision', () =>
      using(async ({ subject, commit }) => {
        const policy = commit('recsys');
        await subject.apply(policy);
        await expect(subject.applied('recsys', policy.revision)).resolves.toBeUndefined();
      }));

    it('applies the same policy twice with the effect of once', () =>
      using(async ({ subject, commit }) => {
        const policy = commit('recsys');
        await subject.apply(policy);
        await subject.apply(policy);
        await expect(subject.applied('recsys', policy.revision)).resolves.toBeUndefined();
      }));

    it('treats an older revision as applied once a later one is served', () =>
      using(async ({ subject, commit }) => {
        const first = commit('recsys');
        const second = commit('recsys');
        await subject.apply(second);
        await subject.applied('recsys', second.revision);
        await expect(subject.applied('recsys', first.revision)).resolves.toBeUndefined();
      }));

    it('waits for a lagging data plane and resolves when it catches up', () =>
      using(async ({ subject, commit, lag }) => {
        if (!lag) return;
        const { catchUp } = lag();
        const policy = commit('recsys');
        await subject.apply(policy);
        let settled = false;
        const waiting = subject.applied('recsys', policy.revision).finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(settled).toBe(false);
        catchUp();
        await expect(waiting).resolves.toBeUndefined();
      }));

    it('throws TrafficNotAppliedError naming the laggard when its deadline passes', () =>
      using(async ({ subject, commit, lag }) => {
        if (!lag) return;
        const { laggard } = lag();
        const policy = commit('recsys');
        await subject.apply(policy);
        const error = await subject.applied('recsys', policy.revision).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TrafficNotAppliedError);
        expect((error as Error).message).toContain(laggard);
      }));

    it('throws TrafficNotAppliedError naming the laggard promptly when the wait is aborted', () =>
      using(async ({ subject, commit, lag }) => {
        if (!lag) return;
        const { laggard } = lag();
        const policy = commit('recsys');
        await subject.apply(policy);
        const abort = new AbortController();
        const started = Date.now();
        const waiting = subject.applied('recsys', policy.revision, abort.signal).catch((e: unknown) => e);
        setTimeout(() => abort.abort(), 10);
        const error = await waiting;
        expect(Date.now() - started).toBeLessThan(1_000);
        expect(error).toBeInstanceOf(TrafficNotAppliedError);
        expect((error as Error).message).toContain(laggard);
      }));
  });
}
