/**
 * A tick reconciles from the rollouts it listed at its start. A command that lands after that
 * read must not be undone by a pass over the older document: the pass checks the revision before
 * it writes traffic, and gives way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedModels } from '../../bench/scale/seed-models.js';
import { ManualClock } from '../../src/core/clock.js';
import { createStoreController } from '../../src/server/store-controller.js';
import type { Controller } from '../../src/controller/create-controller.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';

for (const database of await testDatabases()) {
  describe(`tick from its list on ${database.name}`, () => {
    let store: Store | undefined;
    afterEach(async () => store?.close());

    it('does not undo an abort that lands between the list and the pass', async () => {
      store = await database.open();
      const clock = new ManualClock(Date.parse('2026-11-24T02:00:00Z'));
      const registry = createRegistry({ store, clock });
      const [seeded] = await seedModels(registry, 1, 'http://127.0.0.1:9');
      const { model, candidate } = seeded!;
      const name = `${model}-rollout`;
      // The abort runs once, right after the tick has listed the rollouts (the tick reads the
      // traffic policies next), through a second controller as another replica's API would.
      let abortDuringTick: (() => Promise<void>) | undefined;
      const hooked: Registry = {
        ...registry,
        async listTrafficPolicies() {
          const run = abortDuringTick;
          abortDuringTick = undefined;
          await run?.();
          return registry.listTrafficPolicies();
        },
      };
      const telemetry = createTelemetry({ clock, schemas: () => undefined });
      const controllerOn = (reg: Registry): Controller =>
        createStoreController({
          store: store!,
          registry: reg,
          telemetry,
          clock,
          probe: () => Promise.resolve({ ok: true, message: 'ok' }),
        });
      const controller = controllerOn(hooked);
      const operator = controllerOn(registry);
      await controller.startRollout(
        {
          name,
          model,
          release: candidate,
          canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
          analysis: { triggers: ['hard: error rate > 5% for 5s'] },
        },
        admin,
      );
      clock.advance(1_000);
      await controller.tick();
      expect((await registry.getTrafficPolicy(model))?.weights).toEqual([{ release: candidate, weight: 5 }]);

      abortDuringTick = async () => {
        await operator.command(name, 'abort', { actor: 'bob', reason: 'bad canary' });
      };
      clock.advance(1_000);
      await controller.tick();
      expect(abortDuringTick).toBeUndefined();
      expect((await controller.deps.rollouts.require(name)).body.status.phase).toBe('Aborted');
      expect((await registry.getTrafficPolicy(model))?.weights).toEqual([]);

      clock.advance(1_000);
      await controller.tick();
      expect((await registry.getTrafficPolicy(model))?.weights).toEqual([]);
      await controller.stop();
      await operator.stop();
    });
  });
}
