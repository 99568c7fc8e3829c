/**
 * A tick overlaps the store round trips of different models' rollouts (PostgreSQL ticks are mostly
 * waiting on them), up to `reconcileConcurrency`, and still reconciles every rollout.
 */
import type { KyselyPlugin } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { seedModels } from '../../bench/scale/seed-models.js';
import { ManualClock } from '../../src/core/clock.js';
import { createStoreController } from '../../src/server/store-controller.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';

/** Counts queries sent to the database and not yet answered. */
function watchInFlight(store: Store): { store: Store; maxInFlight: () => number; reset(): void } {
  let inFlight = 0;
  let max = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      inFlight += 1;
      max = Math.max(max, inFlight);
      return args.node;
    },
    transformResult(args) {
      inFlight -= 1;
      return Promise.resolve(args.result);
    },
  };
  return {
    store: { ...store, db: store.db.withPlugin(plugin) },
    maxInFlight: () => max,
    reset: () => {
      max = inFlight;
    },
  };
}

for (const database of await testDatabases()) {
  describe(`tick concurrency on ${database.name}`, () => {
    let store: Store | undefined;
    afterEach(async () => store?.close());

    it('overlaps models up to the limit and reconciles every rollout', async () => {
      store = await database.open();
      const watched = watchInFlight(store);
      const clock = new ManualClock(Date.parse('2026-11-24T02:00:00Z'));
      const registry = createRegistry({ store: watched.store, clock });
      const models = await seedModels(registry, 6, 'http://127.0.0.1:9');
      const telemetry = createTelemetry({ clock, schemas: () => undefined });
      const controllerFor = (reconcileConcurrency: number) =>
        createStoreController({
          store: watched.store,
          registry,
          telemetry,
          clock,
          probe: () => Promise.resolve({ ok: true, message: 'ok' }),
          reconcileConcurrency,
        });
      const serial = controllerFor(1);
      for (const { model, candidate } of models)
        await serial.startRollout(
          {
            name: `${model}-rollout`,
            model,
            release: candidate,
            canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
            analysis: { triggers: ['hard: error rate > 5% for 5s'] },
          },
          admin,
        );

      clock.advance(1_000);
      watched.reset();
      expect(await serial.tick()).toMatchObject({ reconciled: 6, leader: true });
      expect(watched.maxInFlight()).toBe(1);

      const overlapping = controllerFor(4);
      clock.advance(1_000);
      watched.reset();
      expect(await overlapping.tick()).toMatchObject({ reconciled: 6, leader: true });
      expect(watched.maxInFlight()).toBeGreaterThan(1);
      expect(watched.maxInFlight()).toBeLessThanOrEqual(4 * 2);
      for (const { model } of models) {
        const rollout = await overlapping.deps.rollouts.require(`${model}-rollout`);
        expect(rollout.body.status.phase).toBe('Paused');
      }
      await serial.stop();
      await overlapping.stop();
    });

    it('refuses a concurrency that is not a whole number of at least 1', async () => {
      store = await database.open();
      const clock = new ManualClock(0);
      expect(() =>
        createStoreController({
          store: store!,
          registry: createRegistry({ store: store!, clock }),
          telemetry: createTelemetry({ clock, schemas: () => undefined }),
          clock,
          reconcileConcurrency: 0,
        }),
      ).toThrow(/reconcileConcurrency: must be a whole number of at least 1, got 0/);
    });
  });
}
