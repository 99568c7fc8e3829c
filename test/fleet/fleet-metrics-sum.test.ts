/**
 * A fleet's Prometheus figures add up: a remote gateway exposes its own traffic on its /metrics and
 * ships the same traffic to the control plane for the judges. The control plane's exposition
 * must not count it again, or `sum by (release) (rate(ripcord_requests_total[...]))` over every
 * instance reads the remote traffic twice. A node:cluster primary, which answers /metrics for its
 * workers, does count what its workers send.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { FleetTelemetry } from '../../src/server/fleet-telemetry.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/create-telemetry.js';
import { metricsHandler } from '../../src/telemetry/metrics-handler.js';

const START = 1_700_000_000_000;
const clock: Clock = { now: () => START + 10_000, sleep: () => Promise.resolve() };

function serve(t: Telemetry, release: string, n: number): void {
  for (let i = 0; i < n; i++)
    t.record({
      model: 'm',
      release,
      region: 'eu',
      at: START + 2_000 + i,
      outcome: i % 10 === 0 ? 'serverError' : 'ok',
      latencyMs: 25,
    });
}

/** The sum of one series' samples in an exposition, over every label set matching `release`. */
async function scraped(t: Telemetry, series: string, release: string): Promise<number> {
  const text = await metricsHandler(t).body();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (m && m[1] === series && m[2]!.includes(`release="${release}"`)) sum += Number(m[3]);
  }
  return sum;
}

describe('a fleet summed over its instances', () => {
  it("counts a remote gateway's traffic once: on its own /metrics, not again on the control plane's", async () => {
    const remote = createTelemetry({ clock, schemas: () => undefined });
    const plane = createTelemetry({ clock, schemas: () => undefined });
    const fleet = new FleetTelemetry({ telemetry: () => plane, clock, logger: silentLogger });
    serve(remote, 'v2', 30);
    serve(plane, 'v2', 10); // the control plane's in-process gateway
    await fleet.ingest('edge-1', { instance: 'a', seq: 1, buckets: remote.exportBuckets(0).buckets });

    // The judges see the whole fleet …
    const judged = plane.window({ model: 'm', release: 'v2', from: START, to: START + 10_000 });
    expect(judged.requests).toBe(40);
    expect(judged.outcomes.serverError).toBe(4);
    // … and Prometheus, summing both instances, sees each request once.
    for (const [series, total] of [
      ['ripcord_requests_total', 40],
      ['ripcord_request_duration_seconds_count', 40],
    ] as const) {
      const own = await scraped(remote, series, 'v2');
      const controlPlane = await scraped(plane, series, 'v2');
      expect({ series, own, controlPlane, sum: own + controlPlane }).toEqual({
        series,
        own: 30,
        controlPlane: 10,
        sum: total,
      });
    }
  });

  it("a cluster primary's /metrics, which stands for its workers, counts what they send", async () => {
    const worker = createTelemetry({ clock, schemas: () => undefined });
    const primary = createTelemetry({ clock, schemas: () => undefined });
    serve(worker, 'v1', 20);
    primary.importBuckets(worker.exportBuckets(0));
    expect(await scraped(primary, 'ripcord_requests_total', 'v1')).toBe(20);
    expect(await scraped(primary, 'ripcord_request_duration_seconds_count', 'v1')).toBe(20);
  });
});
