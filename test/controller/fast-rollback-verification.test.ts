/** A verification pass within a second of the rollback (the usual case when it is fast) logs no error. */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

for (const database of await testDatabases()) {
  describe(`fast rollback on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    it('verifies within the first second after traffic moved without a reconcile error', async () => {
      const errors: string[] = [];
      const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
      h = await createHarness(database, { logger });
      await h.controller.startRollout(
        {
          name: 'recsys-v2',
          model: 'recsys',
          release: 'recsys-v2-enc5',
          canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
          analysis: { triggers: ['hard: p95 latency up > 30% for 10s'] },
          verify: { within: '20s' },
        },
        admin,
      );
      for (let s = 0; s < 10; s += 1) await h.second();
      for (let s = 0; s < 120; s += 1) {
        if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'RolledBack') break;
        await h.second({ v2LatencyMs: 40 });
      }
      expect((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase).toBe('RolledBack');
      // The next passes come 300 ms apart: the first verification runs inside the rollback's first second.
      for (let i = 0; i < 3; i += 1) {
        h.clock.advance(300);
        await h.controller.tick();
      }
      expect(errors).toEqual([]);
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(status.rollback?.verification).toBe('pending');
    });
  });
}
