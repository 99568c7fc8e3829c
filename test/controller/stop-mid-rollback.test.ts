/**
 * A controller stopped while its rollback plan runs (a rolling restart, SIGTERM) records no
 * failure: the journal holds what ran, and the next leader resumes the plan from there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/actions/executors/executor.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const spec: RolloutSpecInput = {
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  analysis: { triggers: ['hard: error rate > 2% for 10s'] },
  canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
};

/** An external step that holds until its signal aborts the first time, and succeeds afterwards. */
function slowPager(): { executor: Executor; started: Promise<void>; applied: number[] } {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const applied: number[] = [];
  let attempts = 0;
  const executor: Executor = {
    name: 'pager',
    plan: () => Promise.resolve({ changes: attempts === 0, summary: 'page the on-call' }),
    apply: (_context, signal) => {
      attempts += 1;
      if (attempts > 1) {
        applied.push(attempts);
        return Promise.resolve({ changed: true });
      }
      markStarted();
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true }),
      );
    },
  };
  return { executor, started, applied };
}

for (const database of await testDatabases()) {
  describe(`a controller stopped mid-rollback on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('records no failure, and the next controller resumes the plan where it stopped', async () => {
      const pager = slowPager();
      h = await createHarness(database, { externalExecutors: () => [pager.executor] });
      await h.controller.startRollout(spec, admin);
      for (let s = 0; s < 5; s += 1) await h.second();
      // Errors on the canary until the plan reaches the pager, which holds; then stop.
      let seconds = 0;
      const looping = (async () => {
        for (; seconds < 120; seconds += 1) {
          const tick = h.second({ v2ErrorRate: 0.3 });
          const first = await Promise.race([tick.then(() => 'tick'), pager.started.then(() => 'held')]);
          if (first === 'held') return { tick }; // wrapped: returning the promise would await it
        }
        throw new Error('the rollback never reached the pager');
      })();
      const held = await looping;
      await h.controller.stop();
      await held.tick;

      const stopped = (await h.controller.deps.rollouts.require('recsys-v2')).body.status;
      expect(stopped.phase).toBe('RollingBack');
      expect(stopped.rollback?.outcome).toBeUndefined();
      // Users are already back on v1: the traffic step ran before the pager.
      expect((await h.registry.getTrafficPolicy('recsys'))?.stable).toBe('recsys-v1-enc4');

      const next = h.newController();
      await next.tick();
      const resumed = (await next.deps.rollouts.require('recsys-v2')).body.status;
      expect(resumed.rollback?.outcome).toBe('succeeded');
      expect(resumed.phase).toBe('RolledBack');
      expect(pager.applied).toEqual([2]);
      await next.stop();
    });
  });
}
