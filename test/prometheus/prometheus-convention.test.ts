/**
 * A mesh's own metrics read by the Prometheus provider under a label convention: an exporter in
 * Istio's shape (istio_requests_total by response_code, istio_request_duration_milliseconds
 * buckets, destination_service_name / destination_version) scraped by a real Prometheus, read
 * back as the windows the always-valid judges take.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { prometheusProvider } from '../../src/analysis/providers/prometheus/prometheus-provider.js';
import { prometheusTool, sleep, startPrometheus, type RunningPrometheus } from './prometheus-kit.js';

const BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000];

describe.skipIf(prometheusTool.skip)('Prometheus provider under an Istio label convention', () => {
  const requests = new Map<string, number>();
  const buckets = new Map<string, number[]>();
  let exporter: Server;
  let prometheus: RunningPrometheus;
  let pump: NodeJS.Timeout;

  /** One request to `version` with its status code and latency, counted as Istio's proxy would. */
  const serve = (version: string, code: number, ms: number): void => {
    const key = `${version},${code}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    const counts = buckets.get(version) ?? new Array<number>(BOUNDS_MS.length + 1).fill(0);
    BOUNDS_MS.forEach((le, i) => {
      if (ms <= le) counts[i]!++;
    });
    counts[BOUNDS_MS.length]!++;
    buckets.set(version, counts);
  };

  beforeAll(async () => {
    exporter = createServer((_req, res) => {
      const labels = (version: string) =>
        `destination_service_name="reviews",destination_version="${version}",namespace="shop"`;
      const lines = ['# TYPE istio_requests_total counter'];
      for (const [key, n] of requests) {
        const [version, code] = key.split(',');
        lines.push(`istio_requests_total{${labels(version!)},response_code="${code}"} ${n}`);
      }
      lines.push('# TYPE istio_request_duration_milliseconds histogram');
      for (const [version, counts] of buckets) {
        counts.forEach((n, i) => {
          const le = i < BOUNDS_MS.length ? String(BOUNDS_MS[i]) : '+Inf';
          lines.push(`istio_request_duration_milliseconds_bucket{${labels(version)},le="${le}"} ${n}`);
        });
        lines.push(`istio_request_duration_milliseconds_count{${labels(version)}} ${counts.at(-1)}`);
        lines.push(`istio_request_duration_milliseconds_sum{${labels(version)}} 0`);
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`${lines.join('\n')}\n`);
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const { port } = exporter.address() as AddressInfo;
    prometheus = await startPrometheus({ targets: [{ job: 'istio', url: `http://127.0.0.1:${port}` }] });
  }, 60_000);

  afterAll(async () => {
    clearInterval(pump);
    await prometheus?.close();
    await new Promise((resolve) => exporter?.close(resolve));
  });

  it('counts 5xx as server errors, 4xx as client errors and reads latency in milliseconds', async () => {
    // Per 100 ms: v2 serves 10 requests, 2 of them 503 and 1 a 404, in 200-250 ms; v1 10 fast 200s.
    pump = setInterval(() => {
      for (let i = 0; i < 10; i++) {
        serve('v2', i < 2 ? 503 : i < 3 ? 404 : 200, 220);
        serve('v1', 200, 8);
      }
    }, 100);
    await prometheus.waitFor(
      'sum(istio_requests_total{destination_version="v2"})',
      (r) => (r[0]?.value ?? 0) > 0,
    );
    const from = Date.now();
    await sleep(5_000);
    const to = Date.now() - 2_000;
    await sleep(2_500);
    const provider = prometheusProvider({
      address: prometheus.url,
      selector: { namespace: 'shop' },
      convention: {
        requests: 'istio_requests_total',
        durationBuckets: 'istio_request_duration_milliseconds_bucket',
        durationUnit: 'milliseconds',
        labels: { model: 'destination_service_name', release: 'destination_version' },
        statusCodeLabel: 'response_code',
      },
    });
    const v2 = await provider.window({ model: 'reviews', release: 'v2', from, to });
    expect(v2.requests).toBeGreaterThan(100);
    expect(v2.outcomes.serverError / v2.requests).toBeCloseTo(0.2, 1);
    expect(v2.outcomes.clientError / v2.requests).toBeCloseTo(0.1, 1);
    expect(v2.outcomes.ok + v2.outcomes.serverError + v2.outcomes.clientError).toBe(v2.requests);
    // Each request at its bucket's upper bound: 250 ms, read in milliseconds (not 250 s).
    expect(v2.latency.getValueAtQuantile(0.95)).toBeGreaterThan(200);
    expect(v2.latency.getValueAtQuantile(0.95)).toBeLessThan(300);
    const v1 = await provider.window({ model: 'reviews', release: 'v1', from, to });
    expect(v1.outcomes.serverError).toBe(0);
    expect(v1.latency.getValueAtQuantile(0.95)).toBeLessThan(12);
    // Another service's name under the same labels reads nothing.
    expect((await provider.window({ model: 'ratings', release: 'v2', from, to })).requests).toBe(0);
  }, 60_000);
});
