/**
 * Issue 5, e2e 2: blue/green with model v2 + encoder v5 whose conversion drops 3 % is flipped back
 * to v1 + v4 and the v5 encoder flag is disabled.
 *
 * A 3 % relative drop (0.300 → 0.291) is judged against a 1 % non-inferiority margin: the effect
 * beyond the margin is 0.006 on a per-event standard deviation of 0.46, so the always-valid test
 * needs on the order of 10^5 conversion events a side. One event per answer at 250 req/s would
 * take many minutes, so each answer stands for a page of 80 impressions, every one fed back
 * through the gateway in batched `POST /feedback` requests (20,000 events/s, as a busy client
 * would batch them). Blue's 15 s before the flip (~3·10^5 events) are the baseline; green is
 * typically pulled 6-7 s after the flip (~1.3·10^5 events).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from './e2e-databases.js';
import { startE2e } from './harness.js';
import type { E2e } from './harness.js';
import { recoveryTimings } from './recovery-timings.js';
import { V1, V2 } from './seed-recsys.js';

const TRIGGER = 'hard: kpi conversion down > 1% over 30s with significance';

for (const database of await e2eDatabases()) {
  describe(`blue/green on ${database.name}`, () => {
    let e2e: E2e | undefined;
    afterEach(async () => e2e?.close());

    it('flips back to v1 + encoder v4 and disables item-encoder@5 when conversion drops', async () => {
      const servers = { conversionRate: 0.3 };
      e2e = await startE2e({ database, v1: servers, v2: servers });
      const load = e2e.load({ ratePerSecond: 250, feedback: true, impressionsPerAnswer: 80 });
      // Blue's conversion before the flip is the baseline green is judged against.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      await e2e.v2.setFaults([{ kind: 'conversion', multiply: 0.97 }]);
      await e2e.api.send('POST', '/rollouts', {
        name: 'recsys-v2-bg',
        model: 'recsys',
        release: V2,
        blueGreen: { warmupRequests: 3, postPromotionAnalysis: { duration: '2m' }, keepWarm: '5m' },
        analysis: { triggers: [TRIGGER], consecutiveBreaches: 2 },
        guard: { baselineWindow: '15s' },
        verify: { within: '3s' },
      });
      const flipped = await e2e.waitForRollout(
        'recsys-v2-bg',
        'flipped',
        (r) => r.status.promotedAt !== undefined,
      );
      const onsetAt = flipped.status.promotedAt!;
      expect(await e2e.api.get('/models/recsys/aliases/production')).toMatchObject({ release: V2 });

      const rolledBack = await e2e.waitForRollout(
        'recsys-v2-bg',
        'flipped back',
        (r) => r.status.phase === 'RolledBack',
      );
      // Pulled during its post-promotion analysis: it was the green side, not yet production.
      expect(rolledBack.status.rollback).toMatchObject({ trigger: TRIGGER, target: V1, role: 'green' });
      expect(rolledBack.status.rollback?.reason).toMatch(
        /^kpi conversion 0\.2\d+ is \d+(\.\d+)? % below baseline 0\.\d+/,
      );
      const policy = await e2e.api.get('/traffic/recsys');
      expect(policy).toMatchObject({ stable: V1, weights: [] });
      expect(await e2e.api.get('/models/recsys/aliases/production')).toMatchObject({ release: V1 });
      expect(await e2e.api.get('/flags')).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: 'item-encoder@5', enabled: false })]),
      );

      // Users are on v1 with encoder v4 again, and the recovery is verified on their traffic.
      const verified = await e2e.waitForRollout(
        'recsys-v2-bg',
        'recovery verified',
        (r) => r.status.rollback?.verification !== 'pending',
      );
      expect(verified.status.rollback?.verification).toBe('verified');
      const stats = await load.stop();
      expect(stats.lastSentAt[V1]).toBeGreaterThan(verified.status.rollback!.executedAt!);
      expect(stats.features[V1]).toEqual(['item-encoder@4']);
      expect(stats.features[V2]).toEqual(['item-encoder@5']);
      expect(stats.failed).toBe(0);
      expect(stats.feedbackErrors).toEqual([]);
      // Every impression of every answer was fed back and accepted: the judges saw all of them.
      expect(stats.answered).toBeGreaterThan(250 * 15);
      expect(stats.feedbacks).toBe(stats.answered * 80);

      const [incident] = await e2e.incidents();
      expect(incident).toMatchObject({
        release: V2,
        target: V1,
        severity: 'hard',
        status: 'resolved',
        role: 'green',
      });
      expect(incident?.verification?.message).toMatch(
        /^[1-9]\d* requests on recsys-v1-enc4, error rate 0\.00 %, none on recsys-v2-enc5; judges: hard: kpi conversion down > 1% over 30s with significance: ok$/,
      );
      // The drop the judges saw on green, and v1's conversion judged again after the flip back.
      const decided = incident?.evidence.decision?.readings.find((r) => r.trigger === TRIGGER);
      expect(decided?.status).toBe('breach');
      expect((decided!.observed! - decided!.baseline!) / decided!.baseline!).toBeGreaterThan(-0.06);
      expect(incident?.evidence.verification?.readings.map((r) => r.status)).toEqual(['ok']);
      expect(incident?.mttr.complete).toBe(true);
      for (const phase of ['triage', 'execution', 'verification'])
        expect(incident?.mttr.phases.find((p) => p.phase === phase)?.ms, phase).toBeGreaterThanOrEqual(0);
      expect(incident?.actions.map((a) => [a.name, a.outcome?.result])).toEqual([
        ['traffic', 'succeeded'],
        ['alias:production', 'succeeded'],
        ['mark-release', 'succeeded'],
        ['flag:item-encoder@5', 'succeeded'],
      ]);
      expect(stats.lastSentAt[V2] ?? 0).toBeLessThanOrEqual(incident!.times.trafficRestoredAt ?? 0);
      recoveryTimings('blue/green conversion -3 %', onsetAt, incident!, stats.lastSentAt[V2]);
    }, 90_000);
  });
}
