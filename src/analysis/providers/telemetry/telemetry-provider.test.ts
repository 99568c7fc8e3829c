import { ManualClock } from '../../../core/clock.js';
import { createTelemetry } from '../../../telemetry/create-telemetry.js';
import type { TelemetryReader } from '../../../telemetry/types.js';
import { runMetricProviderContract } from '../metric-provider.contract.js';
import { telemetryProvider } from './telemetry-provider.js';

runMetricProviderContract('telemetry', async () => {
  const start = Date.UTC(2026, 0, 1);
  // Reads happen half a minute after the recorded seconds, all still at one-second precision.
  const clock = new ManualClock(start + 30_000);
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  let broken = false;
  const reader: TelemetryReader = {
    window: (q) => {
      if (broken) throw new Error('buckets unavailable');
      return telemetry.window(q);
    },
    series: (q) => {
      if (broken) throw new Error('buckets unavailable');
      return telemetry.series(q);
    },
  };
  return {
    subject: telemetryProvider(reader),
    start,
    record(release, at, requests, latencyMs) {
      for (let i = 0; i < requests; i++)
        telemetry.record({ model: 'recsys', release, region: 'eu', at, outcome: 'ok', latencyMs });
    },
    breakReads: () => {
      broken = true;
    },
    close: async () => undefined,
  };
});
