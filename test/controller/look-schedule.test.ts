/**
 * A controller whose ticks overrun looks at its rollouts' distribution triggers on every n-th
 * tick only (controller/look-schedule.ts), never on a reading from before a step's end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeRollout } from '../../src/cli/commands/rollout.js';
import { telemetryProvider } from '../../src/analysis/providers/telemetry/telemetry-provider.js';
import type { MetricProvider } from '../../src/analysis/index.js';
import type { TriggerReading } from '../../src/analysis/judge.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

/** Reads that take `delayMs` of real time: every tick overruns a 50 ms interval. */
function slow(provider: MetricProvider, delayMs: number): MetricProvider {
  const wait = () => new Promise((resolve) => setTimeout(resolve, delayMs));
  return {
    name: provider.name,
    window: async (q) => (await wait(), provider.window(q)),
    series: async (q) => (await wait(), provider.series(q)),
  };
}

const TRIGGERS = ['hard: error rate up > 50%', 'hard: prediction diversity down > 20%'];
const DIVERSE = { v1: 40, v2: 40 };

for (const database of await testDatabases()) {
  describe(`look schedule on ${database.name}`, () => {
    let h: Harness;
    afterEach(async () => h.close());

    const start = async (maxLookStride: number): Promise<void> => {
      h = await createHarness(database);
      h.controller = h.newController({
        metrics: slow(telemetryProvider(h.telemetry), 60),
        tickMs: 50,
        maxLookStride,
        // Every pass stores its decision, so the test reads each look's.
        checkpointMs: 0,
      });
      await h.controller.startRollout(
        {
          name: 'recsys-v2',
          model: 'recsys',
          release: 'recsys-v2-enc5',
          canary: {
            steps: [{ setWeight: 20 }, { analysis: { duration: '30s' } }, { setWeight: 50 }, { pause: {} }],
          },
          analysis: { triggers: TRIGGERS },
        },
        admin,
      );
    };
    const status = async () => (await h.controller.deps.rollouts.require('recsys-v2')).body.status;

    it('carries diversity between full looks while ticks overrun, and looks fully where the step ends', async () => {
      await start(4);
      const looks: { weight: number; readings: TriggerReading[] }[] = [];
      for (let s = 0; s < 40; s += 1) {
        await h.second({ items: DIVERSE });
        const now = await status();
        looks.push({ weight: now.weight, readings: now.lastDecision?.readings ?? [] });
      }

      const carried = looks.filter((l) => l.readings[1]?.carriedFrom !== undefined);
      // Three looks in four carry diversity (the stride is at its maximum, 4); errors never.
      expect(carried.length).toBeGreaterThan(20);
      expect(looks.every((l) => l.readings[0]?.carriedFrom === undefined)).toBe(true);
      // The look the step advanced on read diversity afresh.
      const advanced = looks.findIndex((l) => l.weight === 50);
      expect(advanced).toBeGreaterThan(0);
      expect(looks[advanced - 1]!.weight).toBe(20);
      const stepEnd = looks[advanced]!.readings[1];
      expect(stepEnd?.status).toBe('ok');
      expect(stepEnd?.carriedFrom).toBeUndefined();

      // `ripcord rollout status` says which reading is carried, and from how long before.
      for (let s = 0; s < 4 && (await status()).lastDecision?.readings[1]?.carriedFrom === undefined; s += 1)
        await h.second({ items: DIVERSE });
      const stored = await h.controller.deps.rollouts.require('recsys-v2');
      const shown = describeRollout({ ...stored.body, name: 'recsys-v2', revision: stored.revision });
      expect(shown).toMatch(
        /\[ok\] prediction diversity .*\(read [1-3] s before this look: deferred while the controller is behind\)/,
      );
    });

    it('with --max-look-stride 1 reads every trigger on every tick however long the ticks take', async () => {
      await start(1);
      for (let s = 0; s < 10; s += 1) await h.second({ items: DIVERSE });
      const { lastDecision } = await status();
      expect(lastDecision?.readings.map((r) => r.carriedFrom)).toEqual([undefined, undefined]);
      expect((await h.controller.tick()).lookStride).toBe(1);
    });
  });
}
