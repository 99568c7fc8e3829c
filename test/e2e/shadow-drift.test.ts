/**
 * Worked example 3, shadow before a risky rollout: a 10 % shadow whose outputs drift for the night
 * segment blocks the rollout as soon as the drift is clear (seconds into a 3-minute window, not at
 * its end), and no user ever receives an answer from the shadow release.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from './e2e-databases.js';
import { startE2e } from './harness.js';
import type { E2e } from './harness.js';
import { V1, V2 } from './seed-recsys.js';

/**
 * 8 % of requests at 2 AM (the drifting night), the rest in daytime hours: overall agreement stays
 * near 92 %, above the 80 % bar, so only the segment can show the drift.
 */
const hour = (random: () => number): number => (random() < 0.08 ? 2 : 8 + Math.floor(random() * 12));

interface ShadowReport {
  release: string;
  mirrored: number;
  overall: { compared: number; meanJaccard: number | null };
  segments: { key: string; value: string; compared: number; meanJaccard: number | null }[];
}

for (const database of await e2eDatabases()) {
  describe(`shadow on ${database.name}`, () => {
    let e2e: E2e | undefined;
    afterEach(async () => e2e?.close());

    it('blocks a shadow whose night outputs drift within seconds, without exposing any user', async () => {
      e2e = await startE2e({ database });
      await e2e.v2.setFaults([{ kind: 'drift', field: 'hour', min: 0, max: 5 }]);
      const load = e2e.load({ ratePerSecond: 300, hour });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const startedAt = Date.now();
      await e2e.api.send('POST', '/rollouts', {
        name: 'recsys-v2-shadow',
        model: 'recsys',
        release: V2,
        shadow: { percent: 10, duration: '3m', segmentBy: ['hour'], minAgreement: 0.8, minSamples: 30 },
        analysis: { triggers: ['hard: error rate > 5% for 5s'] },
      });
      expect(await e2e.api.get('/traffic/recsys')).toMatchObject({
        stable: V1,
        weights: [],
        mirror: { release: V2, percent: 10, segmentBy: ['hour'] },
      });

      const blocked = await e2e.waitForRollout(
        'recsys-v2-shadow',
        'judged',
        (r) => r.status.phase !== 'Progressing',
      );
      const blockedAfterMs = Date.now() - startedAt;
      expect(blocked.status.phase, blocked.status.message).toBe('Blocked');
      expect(blocked.status.message).toMatch(
        /^shadow failed, rollout blocked, no user exposed: .*hour=2 agreement 0\.0 %/,
      );
      expect(blocked.status.message).not.toMatch(/overall/);
      // The night segment is clear beyond noise after a few dozen compared requests.
      expect(blockedAfterMs).toBeLessThan(30_000);

      // The mirror is gone and v2 answered no user at any point.
      const policy = await e2e.api.get<{ mirror?: unknown; stable: string }>('/traffic/recsys');
      expect(policy.stable).toBe(V1);
      expect(policy.mirror).toBeUndefined();
      const response = await request(`${e2e.gatewayUrl}/shadow/recsys`);
      const report = (await response.body.json()) as ShadowReport;
      const stats = await load.stop();
      expect(stats.byRelease[V2]).toBeUndefined();
      expect(stats.byRelease[V1]).toBe(stats.sent);
      expect(stats.failed).toBe(0);
      expect(report.release).toBe(V2);
      expect(report.mirrored).toBeGreaterThan(100);
      const night = report.segments.find((s) => s.key === 'hour' && s.value === '2');
      expect(night?.meanJaccard).toBe(0);
      const day = report.segments.filter((s) => s.key === 'hour' && s.value !== '2');
      expect(day.length).toBeGreaterThan(0);
      for (const segment of day) expect(segment.meanJaccard).toBe(1);
      expect(report.overall.meanJaccard).toBeGreaterThan(0.8);
      expect((await e2e.incidents()).length).toBe(0);
      process.stdout.write(
        `[e2e shadow night drift] blocked ${blockedAfterMs} ms after the start (shadow window 3 min); ` +
          `${report.mirrored} mirrored, night agreement ${night?.meanJaccard} over ${night?.compared}, ` +
          `overall ${report.overall.meanJaccard?.toFixed(3)} over ${report.overall.compared}\n`,
      );
    }, 60_000);
  });
}
