/**
 * The shadow gate reads the gateway's diff report (here handed in directly; the gateway's own tests
 * build real reports): a segment or the whole under the bar beyond noise blocks at once; under it on
 * the point estimate alone, it alerts at once and blocks when the window closes; no data holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ShadowSummary } from '../../src/controller/controller-deps.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const shadowRollout = {
  name: 'recsys-v2-shadow',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  shadow: { percent: 10, duration: '20s', segmentBy: ['hour'], minAgreement: 0.8, minSamples: 30 },
  analysis: { triggers: ['hard: error rate > 5% for 5s'] },
};

const summary = (compared: number, agreement: number, night?: [number, number]): ShadowSummary => ({
  compared,
  agreement,
  segments: night ? [{ key: 'hour', value: '2', compared: night[0], agreement: night[1] }] : [],
});

for (const database of await testDatabases()) {
  describe(`shadow gate on ${database.name}`, () => {
    let h: Harness;
    let report: ShadowSummary | undefined;
    afterEach(async () => h.close());

    const start = async (): Promise<void> => {
      report = undefined;
      h = await createHarness(database, { shadowSummary: () => report });
      await h.controller.startRollout(shadowRollout, admin);
    };
    const status = async () => (await h.controller.deps.rollouts.require('recsys-v2-shadow')).body.status;

    it('does not block early on 33 requests whose agreement dips under the bar by chance', async () => {
      await start();
      report = summary(33, 0.788);
      await h.second();
      expect((await status()).phase).toBe('Progressing');
    });

    it('blocks early when overall agreement is clearly under the bar', async () => {
      await start();
      report = summary(200, 0.5);
      await h.second();
      const { phase, message } = await status();
      expect(phase).toBe('Blocked');
      expect(message).toMatch(/overall agreement 50\.0 % < 80\.0 %/);
    });

    it('blocks at once on a segment whose agreement is under the bar beyond noise', async () => {
      await start();
      report = summary(400, 0.92, [35, 0]);
      await h.second();
      const { phase, message } = await status();
      expect(phase).toBe('Blocked');
      expect(message).toMatch(
        /^shadow failed, rollout blocked, no user exposed: hour=2 agreement 0\.0 % over 35/,
      );
      expect(message).not.toMatch(/overall/);
    });

    it('alerts on a segment under the bar within noise and blocks with it when the window closes', async () => {
      await start();
      report = summary(400, 0.92, [40, 0.7]);
      await h.second();
      expect((await status()).phase).toBe('Progressing');
      expect((await status()).alerts.map((a) => a.message)).toContain('shadow drifting in hour=2');
      for (let s = 0; s < 20; s += 1) await h.second();
      const { phase, message } = await status();
      expect(phase).toBe('Blocked');
      expect(message).toMatch(/hour=2 agreement 70\.0 % over 40/);
    });

    it('holds a shadow that gets no mirrored traffic, says so once, and decides when data comes', async () => {
      await start();
      for (let s = 0; s < 30; s += 1) await h.second();
      const held = await status();
      expect(held.phase).toBe('Progressing');
      expect(held.hold?.reason).toMatch(/^holding the shadow: 0 compared requests after 20s \(need 30\)/);
      expect(held.alerts.filter((a) => a.message.startsWith('holding the shadow'))).toHaveLength(1);
      report = summary(600, 0.95, [50, 0.9]);
      await h.second();
      expect((await status()).phase).toBe('Completed');
      expect((await status()).hold).toBeUndefined();
    });

    it('blocks at the close on a point estimate under the bar that was never clear early', async () => {
      await start();
      report = summary(600, 0.79);
      await h.second();
      expect((await status()).phase).toBe('Progressing');
      for (let s = 0; s < 20; s += 1) await h.second();
      expect((await status()).message).toMatch(/overall agreement 79\.0 % < 80\.0 %/);
      expect((await status()).phase).toBe('Blocked');
    });

    it('passes a shadow that agrees everywhere', async () => {
      await start();
      report = summary(600, 0.95, [50, 0.9]);
      for (let s = 0; s < 21; s += 1) await h.second();
      expect((await status()).phase).not.toBe('Blocked');
    });
  });
}
