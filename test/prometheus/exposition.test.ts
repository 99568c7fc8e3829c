/**
 * The exposition as Prometheus sees it: `promtool check metrics` passes on the gateway's /metrics
 * and the control plane's /api/v1/metrics, and a real Prometheus scraping a real ripcord answers
 * the seed's questions by release (error rate, p99 latency from the histogram, diversity).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { admin, seedRecommender } from '../support/fixtures.js';
import { createJudge } from '../../src/analysis/create-judge.js';
import { judgeLook } from '../../src/analysis/judge-look.js';
import { prometheusProvider } from '../../src/analysis/providers/prometheus/prometheus-provider.js';
import { send, startBackend, type TestBackend } from '../gateway/kit.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import {
  byRelease,
  prometheusTool,
  promtool,
  promtoolTool,
  sleep,
  startPrometheus,
  type RunningPrometheus,
} from './prometheus-kit.js';

const PREDICT = '/v1/models/recsys:predict';
const V1 = 'recsys-v1-enc4';
const V2 = 'recsys-v2-enc5';

describe.skipIf(prometheusTool.skip || promtoolTool.skip)('Prometheus exposition', () => {
  let v1: TestBackend;
  let v2: TestBackend;
  let plane: ControlPlane;
  let parts: ReturnType<typeof standardPlugins>;
  let prometheus: RunningPrometheus;
  let served = 0;
  let trafficFrom = 0;

  /** 50/50 between a fast, varied v1 and a slow v2 that fails one request in four and always says "same". */
  const traffic = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const age = i % 10 === 0 ? null : i % 10 === 1 ? 'old' : 30;
      await send(parts.gateway.url(), PREDICT, {
        body: JSON.stringify({ instances: [{ user_id: i, age }] }),
        headers: { 'x-user-id': `u${served}` },
      });
      served++;
    }
  };

  beforeAll(async () => {
    let calls = 0;
    v1 = await startBackend((_seen, res) => {
      const body = JSON.stringify({ predictions: [{ items: [`item-${calls++ % 50}`] }] });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    let v2calls = 0;
    v2 = await startBackend((_seen, res) => {
      const failing = v2calls++ % 4 === 0;
      setTimeout(() => {
        if (failing) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
        else
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"predictions":[{"items":["same"]}]}');
      }, 60);
    });
    parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 200 } });
    plane = await startControlPlane({
      dataDir: mkdtempSync(join(tmpdir(), 'ripcord-prom-expo-')),
      port: 0,
      plugins: parts.list,
    });
    await seedRecommender(plane.registry, { v1: v1.url, v2: v2.url });
    await plane.registry.upsertModel(
      {
        name: 'recsys',
        owner: 'ranking-team',
        protocol: 'tfserving',
        predictionPath: '$.predictions[*].items[0]',
        inputSchema: { fields: { user_id: { type: 'integer' }, age: { type: 'number' } } },
      },
      admin,
    );
    await plane.registry.setTrafficPolicy(
      { model: 'recsys', stable: V1, weights: [{ release: V2, weight: 50 }], retryOnStable: false },
      admin,
    );
    const gatewayUrl = parts.gateway.url();
    prometheus = await startPrometheus({
      targets: [
        { job: 'ripcord-gateway', url: gatewayUrl },
        {
          job: 'ripcord-control-plane',
          url: plane.url,
          metricsPath: '/api/v1/metrics',
          bearerToken: plane.bootstrapToken!,
        },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.close();
    await plane?.close();
    await Promise.all([v1?.close(), v2?.close()]);
  });

  it('passes promtool check metrics on the gateway and the control plane', async () => {
    trafficFrom = Date.now();
    await traffic(40);
    const gateway = await (await fetch(`${parts.gateway.url()}/metrics`)).text();
    expect(gateway).toContain('ripcord_request_duration_seconds_bucket');
    expect(gateway).toContain('ripcord_input_field_nulls_total');
    const gw = promtool(['check', 'metrics'], gateway);
    expect(gw.output).toBe('');
    expect(gw.status).toBe(0);

    const res = await fetch(`${plane.url}/api/v1/metrics`, {
      headers: { authorization: `Bearer ${plane.bootstrapToken!}` },
    });
    expect(res.headers.get('content-type')).toContain('text/plain');
    const controlPlane = await res.text();
    expect(controlPlane).toContain('ripcord_controller_leader 1');
    const cp = promtool(['check', 'metrics'], controlPlane);
    expect(cp.output).toBe('');
    expect(cp.status).toBe(0);

    // Without a token the control plane's exposition is refused like any other read.
    expect((await fetch(`${plane.url}/api/v1/metrics`)).status).toBe(401);
  });

  it('the old exposition fails promtool (an abbreviated unit and a quantile-labelled gauge): the check bites', () => {
    const old = [
      '# HELP ripcord_latency_ms Upstream latency quantiles.',
      '# TYPE ripcord_latency_ms gauge',
      'ripcord_latency_ms{quantile="0.99"} 12',
      '',
    ].join('\n');
    const r = promtool(['check', 'metrics'], old);
    expect(r.status).not.toBe(0);
  });

  it('answers the seed PromQL by release from a real scrape', async () => {
    // Traffic spread over a few scrapes so rate() has two points on each side.
    for (let round = 0; round < 4; round++) {
      await traffic(40);
      await sleep(600);
    }
    const errorRate = byRelease(
      await prometheus.waitFor(
        'sum by (release) (rate(ripcord_requests_total{outcome!="ok"}[30s])) / sum by (release) (rate(ripcord_requests_total[30s]))',
        (r) => r.length === 2,
      ),
    );
    expect(errorRate[V1]).toBe(0);
    expect(errorRate[V2]).toBeGreaterThan(0.15);
    expect(errorRate[V2]).toBeLessThan(0.35);

    const p99 = byRelease(
      await prometheus.waitFor(
        'histogram_quantile(0.99, sum by (release, le) (rate(ripcord_request_duration_seconds_bucket[30s])))',
        (r) => r.length === 2 && r.every((s) => Number.isFinite(s.value)),
      ),
    );
    // v2 answers after 60 ms: its p99 is above the 0.05 bound (a loaded machine may add to it);
    // v1 answers at once.
    expect(p99[V2]).toBeGreaterThan(0.05);
    expect(p99[V2]).toBeLessThan(2);
    expect(p99[V1]).toBeLessThan(p99[V2]!);

    const diversity = byRelease(
      await prometheus.waitFor('avg by (release) (ripcord_prediction_entropy)', (r) => r.length === 2),
    );
    expect(diversity[V2]).toBe(0);
    expect(diversity[V1]).toBeGreaterThan(0.8);

    // Input quality adds up as counters: a tenth of the rows carry a null age, a tenth a string.
    const nulls = byRelease(
      await prometheus.waitFor(
        'sum by (release) (ripcord_input_field_nulls_total{field="age"}) / sum by (release) (ripcord_input_rows_total)',
        (r) => r.length === 2,
      ),
    );
    expect(nulls[V1]).toBeGreaterThan(0.03);
    expect(nulls[V1]).toBeLessThan(0.2);

    const leader = await prometheus.waitFor('ripcord_controller_leader', (r) => r.length === 1);
    expect(leader[0]!.value).toBe(1);
    const ticks = await prometheus.waitFor('ripcord_controller_tick_duration_seconds_count', (r) =>
      r.some((s) => s.value > 0),
    );
    expect(ticks.length).toBeGreaterThan(0);
  }, 60_000);

  it('judges the canary from Prometheus alone: the provider reads the scraped counters', async () => {
    const provider = prometheusProvider({ address: prometheus.url, selector: { job: 'ripcord-gateway' } });
    const local = parts.gateway.gateway().telemetry;
    await traffic(200); // enough for the judges' minimum of 100 requests a side
    await sleep(1500); // one more scrape after the last request
    const now = Date.now();
    const w = await provider.window({ model: 'recsys', release: V2, from: trafficFrom - 1000, to: now });
    const truth = local.window({ model: 'recsys', release: V2, from: trafficFrom - 1000, to: now + 1000 });
    expect(w.requests).toBe(truth.requests);
    expect(w.outcomes.serverError).toBe(truth.outcomes.serverError);
    expect(w.latency.count).toBe(truth.requests);
    expect(w.inputRows).toBe(truth.inputRows);

    const judge = createJudge({ triggers: ['hard: error rate > 5%', 'hard: p50 latency > 20ms'] });
    const decision = await judgeLook(judge, provider, {
      model: 'recsys',
      candidate: V2,
      baseline: V1,
      candidateShare: 0.5,
      now,
      since: trafficFrom - 1000,
    });
    expect(decision.verdict, JSON.stringify(decision.readings.map((r) => r.message))).toBe(
      'ROLLBACK_IMMEDIATELY',
    );
    expect(decision.readings.map((r) => r.status)).toEqual(['breach', 'breach']);
  }, 30_000);
});
