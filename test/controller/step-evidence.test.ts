/**
 * A canary step is judged on its own traffic split, and a step whose triggers never had enough
 * data does not advance on time alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Notifier } from '../../src/notifiers/notifier.js';
import type { RolloutEvent } from '../../src/controller/controller-deps.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const rollout = (steps: RolloutSpecInput['canary'], triggers: string[]): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: steps,
  analysis: { triggers },
});

for (const database of await testDatabases()) {
  describe(`canary step evidence on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());
    const status = async () => (await h.controller.deps.rollouts.require('recsys-v2')).body.status;

    it('does not roll back a healthy canary stepped 5 → 50 % while a 3 % error incident hits both releases', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(
        rollout(
          { steps: [{ setWeight: 5 }, { pause: { duration: '1m' } }, { setWeight: 50 }, { pause: {} }] },
          ['hard: error rate up > 50%'],
        ),
        admin,
      );
      for (let s = 0; s < 61; s += 1) await h.second({ v1ErrorRate: 0.001, v2ErrorRate: 0.001 });
      expect((await status()).weight).toBe(50);
      // The shared incident: both releases fail 3 % of requests from the moment of the step.
      for (let s = 0; s < 120; s += 1) await h.second({ v1ErrorRate: 0.03, v2ErrorRate: 0.03 });
      const after = await status();
      expect(after.phase, after.message).toBe('Paused');
      expect(after.weight).toBe(50);
      // Judged from the 50 % step: both arms' rates over the same seconds, about 3 % each.
      const reading = after.lastDecision?.readings[0];
      expect(reading?.status).toBe('ok');
      expect(reading?.observed).toBeGreaterThan(0.02);
      expect(reading?.baseline).toBeGreaterThan(0.02);
    });

    it('starts the evidence over at a step: the judge snapshot holds no test state from the step before', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(
        rollout(
          { steps: [{ setWeight: 5 }, { pause: { duration: '1m' } }, { setWeight: 50 }, { pause: {} }] },
          ['hard: error rate up > 50%', 'hard: p95 latency up > 30%'],
        ),
        admin,
      );
      for (let s = 0; s < 59; s += 1) await h.second({ v2LatencyMs: 24 });
      const before = await status();
      expect(before.weight).toBe(5);
      const running = before.judgeState as { triggers: { evidence: unknown }[] };
      expect(running.triggers.some((t) => t.evidence !== null)).toBe(true);
      await h.second();
      const after = await status();
      expect(after.weight).toBe(50);
      expect(after.evidenceSince).toBe(h.clock.now());
      expect(after.judgedTriggers).toEqual([]);
      expect(after.firstBreachAt).toBeUndefined();
      const snapshot = after.judgeState as
        { triggers: { evidence: unknown; consecutive: number }[] } | undefined;
      for (const trigger of snapshot?.triggers ?? []) {
        expect(trigger.evidence).toBeNull();
        expect(trigger.consecutive).toBe(0);
      }
    });

    it('holds a 20 % step that gets no traffic, says why, alerts, and moves on only when promoted', async () => {
      const delivered: string[] = [];
      const pager: Notifier = {
        name: 'pager',
        notify: (notice) => {
          if (notice.kind === 'alert') delivered.push(notice.reason);
          return Promise.resolve();
        },
      };
      h = await createHarness(database, { notifiers: () => [pager] });
      const events: RolloutEvent[] = [];
      h.controller.subscribe((e) => events.push(e));
      await h.controller.startRollout(
        rollout(
          {
            steps: [
              { setWeight: 20 },
              { pause: { duration: '1m' } },
              { pause: { duration: '1m' } },
              { setWeight: 50 },
              { pause: { duration: '1m' } },
            ],
          },
          ['hard: p95 latency up > 30% for 30s', 'hard: error rate > 5% for 30s'],
        ),
        admin,
      );
      // The candidate's flag is off: it is routed 20 % but serves nothing.
      for (let s = 0; s < 300; s += 1) await h.second({ v2Receives: 0 });
      const held = await status();
      expect(held.phase).toBe('Progressing');
      expect(held.weight).toBe(20);
      expect(held.stepIndex).toBe(1);
      expect(held.hold?.reason).toMatch(
        /holding at step 2\/5 \(canary 20 %\): 2 of 2 triggers never had enough data/,
      );
      expect(held.message).toBe(held.hold?.reason);
      expect((await h.registry.getTrafficPolicy('recsys'))?.stable).toBe('recsys-v1-enc4');
      const alerts = events.filter((e) => e.type === 'alert' && /holding at step 2/.test(e.message));
      expect(alerts).toHaveLength(1);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatch(/never had enough data/);
      // An operator may still move it on explicitly.
      await h.controller.command('recsys-v2', 'promote', { actor: 'oncall' });
      const promoted = await status();
      expect(promoted.stepIndex).toBe(2);
      expect(promoted.hold).toBeUndefined();
    });

    it('holds a 1 % step until its triggers reach their data minimum, then advances by itself', async () => {
      h = await createHarness(database);
      await h.controller.startRollout(
        rollout(
          { steps: [{ setWeight: 1 }, { pause: { duration: '1m' } }, { setWeight: 50 }, { pause: {} }] },
          ['hard: error rate > 5% for 30s'],
        ),
        admin,
      );
      // 50 req/s: the 1 % canary sees about one request every two seconds, 100 in about 200 s.
      for (let s = 0; s < 90; s += 1) await h.second({ rps: 50 });
      const held = await status();
      expect(held.weight).toBe(1);
      expect(held.hold?.reason).toMatch(/insufficient data for error rate/);
      let seconds = 90;
      while ((await status()).weight === 1 && seconds < 600) {
        await h.second({ rps: 50 });
        seconds += 1;
      }
      const moved = await status();
      expect(moved.weight).toBe(50);
      expect(moved.hold).toBeUndefined();
      expect(seconds).toBeGreaterThan(150);
    });
  });
}
