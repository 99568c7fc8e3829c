/**
 * Issue 5, e2e 1: a 5 % canary whose p95 rises 40 % is taken back to 0 % on its own.
 *
 * The model servers sleep for real (median 200 ms, narrow spread) so the gateway measures the
 * latency users get. With 5-10 ms medians the test is at the mercy of the machine: on a shared
 * two-core host the gateway's own scheduling delays reach tens of ms at p95, larger than the 40 %
 * effect itself; at 200 ms they stay a few percent of it, and 300 req/s keep ~60 requests in
 * flight, well below the gateway's 128 connections per backend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from './e2e-databases.js';
import { startE2e } from './harness.js';
import type { E2e } from './harness.js';
import { recoveryTimings } from './recovery-timings.js';
import { V1, V2 } from './seed-recsys.js';

const TRIGGER = 'hard: p95 latency up > 30% for 5s';

for (const database of await e2eDatabases()) {
  describe(`canary on ${database.name}`, () => {
    let e2e: E2e | undefined;
    afterEach(async () => e2e?.close());

    it('rolls a 5 % canary back to 0 % when its p95 rises 40 %, with an incident and MTTR phases', async () => {
      const servers = { medianLatencyMs: 200, latencySigma: 0.03, simulateLatency: true };
      e2e = await startE2e({ database, v1: servers, v2: servers });
      const load = e2e.load({ ratePerSecond: 300 });
      // Past the first seconds' JIT warm-up, whose slow answers would blur both releases.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      await e2e.api.send('POST', '/rollouts', {
        name: 'recsys-v2',
        model: 'recsys',
        release: V2,
        canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
        analysis: { triggers: [TRIGGER], consecutiveBreaches: 2 },
        verify: { within: '3s' },
      });
      const started = await e2e.rollout('recsys-v2');
      expect(started.status.weight).toBe(5);
      expect(await e2e.api.get('/traffic/recsys')).toMatchObject({
        stable: V1,
        weights: [{ release: V2, weight: 5 }],
      });

      const onsetAt = Date.now();
      await e2e.v2.setFaults([{ kind: 'latency', multiply: 1.4 }]);
      const rolledBack = await e2e.waitForRollout(
        'recsys-v2',
        'rolled back',
        (r) => r.status.phase === 'RolledBack',
      );
      expect(rolledBack.status.rollback).toMatchObject({ trigger: TRIGGER, target: V1, role: 'canary' });
      expect(rolledBack.status.rollback?.reason).toMatch(
        /^p95 \d+ ms is \d+(\.\d)? % above baseline \d+ ms over the last \d+s, held for 5s/,
      );
      expect(await e2e.api.get('/traffic/recsys')).toMatchObject({ stable: V1, weights: [] });

      const verified = await e2e.waitForRollout(
        'recsys-v2',
        'recovery verified',
        (r) => r.status.rollback?.verification !== 'pending',
      );
      expect(verified.status.rollback?.verification).toBe('verified');
      const stats = await load.stop();
      const [incident, ...others] = await e2e.incidents();
      expect(others).toHaveLength(0);
      expect(incident).toMatchObject({ release: V2, target: V1, trigger: TRIGGER, status: 'resolved' });
      expect(incident?.verification?.message).toMatch(
        /^[1-9]\d* requests on recsys-v1-enc4, error rate 0\.00 %, none on recsys-v2-enc5; judges: .+: ok$/,
      );
      expect(incident?.mttr.complete).toBe(true);
      for (const phase of ['triage', 'execution', 'verification'])
        expect(incident?.mttr.phases.find((p) => p.phase === phase)?.ms).toBeGreaterThanOrEqual(0);
      const timings = recoveryTimings('canary p95 +40 %', onsetAt, incident!, stats.lastSentAt[V2]);
      // No request sent after the traffic action completed reached v2.
      expect(stats.lastSentAt[V2] ?? 0).toBeLessThanOrEqual(incident!.times.trafficRestoredAt ?? 0);
      expect(timings.detectMs).toBeGreaterThan(0);
      expect(stats.failed).toBe(0);
    }, 60_000);
  });
}
