/**
 * Issue 5, e2e 4 (the 2:17 AM case): v2 is fully promoted, its prediction diversity collapses
 * later, and the guard rolls it back to the last-known-good release on its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from './e2e-databases.js';
import { startE2e } from './harness.js';
import type { E2e } from './harness.js';
import { recoveryTimings } from './recovery-timings.js';
import { V1, V2 } from './seed-recsys.js';

const TRIGGER = 'hard: prediction diversity down > 20% over 5s';

for (const database of await e2eDatabases()) {
  describe(`guard on ${database.name}`, () => {
    let e2e: E2e | undefined;
    afterEach(async () => e2e?.close());

    it('rolls a promoted release back to last-known-good when its diversity collapses later', async () => {
      e2e = await startE2e({ database });
      const load = e2e.load({ ratePerSecond: 250 });
      // v1's predictions before the promotion are what the guard compares v2 with.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await e2e.api.send('POST', '/rollouts', {
        name: 'recsys-v2-guarded',
        model: 'recsys',
        release: V2,
        canary: { steps: [{ setWeight: 100 }] },
        analysis: { triggers: [TRIGGER], consecutiveBreaches: 2 },
        guard: { fastFor: '1h', baselineWindow: '6s' },
        verify: { within: '3s' },
      });
      const promoted = await e2e.waitForRollout(
        'recsys-v2-guarded',
        'guarding',
        (r) => r.status.phase === 'Guarding',
      );
      expect(promoted.status.rollbackTarget).toMatchObject({ release: V1, reason: 'designated' });
      expect(await e2e.api.get('/models/recsys/aliases/production')).toMatchObject({ release: V2 });
      expect(await e2e.api.get('/traffic/recsys')).toMatchObject({ stable: V2, weights: [] });

      // The guard has judged healthy v2 traffic before the collapse.
      const watching = await e2e.waitForRollout(
        'recsys-v2-guarded',
        'guard judging v2',
        (r) => r.status.lastDecision?.insufficientData === false,
      );
      expect(watching.status.phase).toBe('Guarding');
      expect(watching.status.lastDecision?.verdict).toBe('MONITOR');

      const onsetAt = Date.now();
      await e2e.v2.setFaults([{ kind: 'diversity-collapse' }]);
      const rolledBack = await e2e.waitForRollout(
        'recsys-v2-guarded',
        'rolled back',
        (r) => r.status.phase === 'RolledBack',
      );
      expect(rolledBack.status.rollback).toMatchObject({ trigger: TRIGGER, target: V1, role: 'production' });
      expect(rolledBack.status.rollback?.reason).toMatch(
        /^prediction diversity 0\.\d+ is \d+(\.\d)? % below baseline/,
      );
      expect(await e2e.api.get('/traffic/recsys')).toMatchObject({ stable: V1, weights: [] });
      expect(await e2e.api.get('/models/recsys/aliases/production')).toMatchObject({ release: V1 });
      const release = await e2e.api.get<{ marks: unknown[] }>(`/releases/${V2}`);
      expect(release.marks).toEqual([
        expect.objectContaining({
          kind: 'rolled-back',
          role: 'production',
          eventId: rolledBack.status.rollback?.eventId,
        }),
      ]);

      const verified = await e2e.waitForRollout(
        'recsys-v2-guarded',
        'recovery verified',
        (r) => r.status.rollback?.verification !== 'pending',
      );
      expect(verified.status.rollback?.verification).toBe('verified');
      const stats = await load.stop();
      expect(stats.failed).toBe(0);
      const [incident, ...others] = await e2e.incidents();
      expect(others).toHaveLength(0);
      expect(incident).toMatchObject({ release: V2, target: V1, role: 'production', status: 'resolved' });
      expect(incident?.verification?.message).toMatch(
        /^[1-9]\d* requests on recsys-v1-enc4, error rate 0\.00 %, none on recsys-v2-enc5; judges: .+: ok$/,
      );
      expect(incident?.evidence.decision?.readings[0]).toMatchObject({ trigger: TRIGGER, status: 'breach' });
      expect(stats.lastSentAt[V2] ?? 0).toBeLessThanOrEqual(incident!.times.trafficRestoredAt ?? 0);
      recoveryTimings('guard diversity collapse', onsetAt, incident!, stats.lastSentAt[V2]);
    }, 60_000);
  });
}
