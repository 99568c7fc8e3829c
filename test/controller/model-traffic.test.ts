/** The traffic `ripcord rollout plan` plans at, read from the model's recent telemetry. */
import { describe, expect, it } from 'vitest';
import { readModelTraffic } from '../../src/controller/plan/model-traffic.js';
import { telemetryProvider } from '../../src/analysis/providers/telemetry/telemetry-provider.js';
import { ManualClock } from '../../src/core/clock.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

const [database] = await testDatabases();

describe('readModelTraffic', () => {
  it('sums every routed release: requests per second, error rate, latency and KPI feedback', async () => {
    if (!database) return;
    const store = await database.open();
    try {
      const clock = new ManualClock(Date.parse('2026-11-24T02:00:00Z'));
      const registry = createRegistry({ store, clock });
      await seedRecommender(registry);
      await registry.setTrafficPolicy(
        { model: 'recsys', stable: 'recsys-v1-enc4', weights: [{ release: 'recsys-v2-enc5', weight: 10 }] },
        admin,
      );
      const telemetry = createTelemetry({ clock, schemas: () => undefined });
      for (let s = 0; s < 60; s += 1) {
        for (let i = 0; i < 100; i += 1) {
          const release = i < 90 ? 'recsys-v1-enc4' : 'recsys-v2-enc5';
          const at = clock.now() + i * 10;
          telemetry.record({
            model: 'recsys',
            release,
            region: 'eu',
            at,
            outcome: i % 50 === 0 ? 'serverError' : 'ok',
            latencyMs: 50 + (i % 10),
          });
          if (i % 4 === 0)
            telemetry.recordKpi({
              model: 'recsys',
              release,
              region: 'eu',
              at,
              metric: 'conversion',
              value: i % 8 === 0 ? 1 : 0,
            });
        }
        clock.advance(1000);
      }
      const traffic = await readModelTraffic(
        { registry, metrics: telemetryProvider(telemetry) },
        'recsys',
        60_000,
        clock.now(),
      );
      expect(traffic.requestsPerSecond).toBeCloseTo(100, 5);
      expect(traffic.errorRate).toBeCloseTo(0.02, 5);
      expect(traffic.latencyP50Ms).toBeGreaterThan(50);
      expect(traffic.latencyP95Ms).toBeLessThan(61);
      expect(traffic.kpis['conversion']?.perRequest).toBeCloseTo(0.25, 5);
      expect(traffic.kpis['conversion']?.mean).toBeCloseTo(13 / 25, 5);
    } finally {
      await store.close();
    }
  });
});
