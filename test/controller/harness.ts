/** A controller over a real store and registry, with telemetry fed synthetic per-second traffic. */
import { ManualClock } from '../../src/core/clock.js';
import type { Controller } from '../../src/controller/create-controller.js';
import { rolloutWebhookNotifiers } from '../../src/notifiers/webhook/rollout-webhooks.js';
import { createStoreController } from '../../src/server/store-controller.js';
import type { StoreControllerOptions } from '../../src/server/store-controller.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import type { Telemetry } from '../../src/telemetry/index.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import type { TestDatabase } from '../support/databases.js';

export interface Harness {
  store: Store;
  registry: Registry;
  clock: ManualClock;
  telemetry: Telemetry;
  controller: Controller;
  /** Records one second of traffic for both releases at the current policy's split, then ticks. */
  second(traffic?: {
    v1LatencyMs?: number;
    v2LatencyMs?: number;
    v2ErrorRate?: number;
    /** Errors on the stable release too (a shared incident); default none. */
    v1ErrorRate?: number;
    rps?: number;
    /** Share the candidate really receives, whatever the policy says (a flag that blocks it: 0). */
    v2Receives?: number;
    /** Conversion events (0/1) fed back per second, split like the requests, at each release's rate. */
    conversion?: { perSecond: number; v1: number; v2: number };
    /** One prediction per request, drawn from `items` distinct items (1: every user gets the same); default none. */
    items?: { v1: number; v2: number };
  }): Promise<void>;
  newController(overrides?: Partial<StoreControllerOptions>): Controller;
  close(): Promise<void>;
}

export async function createHarness(
  database: TestDatabase,
  overrides: Partial<StoreControllerOptions> = {},
): Promise<Harness> {
  const store = await database.open();
  const clock = new ManualClock(Date.parse('2026-11-24T02:00:00Z'));
  const registry = createRegistry({ store, clock });
  await seedRecommender(registry);
  await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
  await registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', admin);
  await registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  const options = (more: Partial<StoreControllerOptions> = {}): StoreControllerOptions => ({
    store,
    registry,
    telemetry,
    clock,
    probe: () => Promise.resolve({ ok: true, message: 'ok' }),
    notifiers: rolloutWebhookNotifiers,
    ...overrides,
    ...more,
  });
  let seed = 1;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const harness: Harness = {
    store,
    registry,
    clock,
    telemetry,
    controller: createStoreController(options()),
    newController: (more) => createStoreController(options(more)),
    async second(traffic = {}) {
      const rps = traffic.rps ?? 200;
      const policy = await registry.getTrafficPolicy('recsys');
      const canaryShare = (policy?.weights.find((w) => w.release === 'recsys-v2-enc5')?.weight ?? 0) / 100;
      const v2Share = traffic.v2Receives ?? (policy?.stable === 'recsys-v2-enc5' ? 1 : canaryShare);
      const start = clock.now();
      for (let i = 0; i < rps; i += 1) {
        const onV2 = random() < v2Share;
        const base = onV2 ? (traffic.v2LatencyMs ?? 20) : (traffic.v1LatencyMs ?? 20);
        const failed = onV2
          ? random() < (traffic.v2ErrorRate ?? 0.001)
          : traffic.v1ErrorRate !== undefined && random() < traffic.v1ErrorRate;
        telemetry.record({
          model: 'recsys',
          release: onV2 ? 'recsys-v2-enc5' : 'recsys-v1-enc4',
          region: 'eu',
          at: start + Math.floor((i * 1000) / rps),
          outcome: failed ? 'serverError' : 'ok',
          latencyMs: base * Math.exp(0.25 * (random() + random() + random() - 1.5)),
          ...(traffic.items
            ? { predictions: [`item-${Math.floor(random() * (onV2 ? traffic.items.v2 : traffic.items.v1))}`] }
            : {}),
        });
      }
      const kpi = traffic.conversion;
      for (let i = 0; i < (kpi?.perSecond ?? 0); i += 1) {
        const onV2 = random() < v2Share;
        telemetry.recordKpi({
          model: 'recsys',
          release: onV2 ? 'recsys-v2-enc5' : 'recsys-v1-enc4',
          region: 'eu',
          at: start + Math.floor((i * 1000) / (kpi?.perSecond ?? 1)),
          metric: 'conversion',
          value: random() < (onV2 ? (kpi?.v2 ?? 0) : (kpi?.v1 ?? 0)) ? 1 : 0,
        });
      }
      clock.advance(1000);
      await harness.controller.tick();
    },
    async close() {
      await harness.controller.stop();
      await store.close();
    },
  };
  return harness;
}
