/**
 * Rollouts judged from Prometheus alone. A ripcord telemetry exposition (the gateway's /metrics
 * handler) carries live traffic split by the model's traffic policy, as a mesh routing by it
 * would; a real Prometheus scrapes it every second. The controller's own telemetry stays empty:
 * what it knows comes from `spec.analysis.provider.prometheus` (the always-valid triggers, from
 * counters and histogram buckets) and `spec.analysis.metrics` (Argo-style templates: error rate,
 * `histogram_quantile(0.99, …)` and diversity by release).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { MetricTemplate } from '../../src/analysis/measurements/metric-template.js';
import { describeRollout } from '../../src/cli/commands/rollout.js';
import { systemClock } from '../../src/core/clock.js';
import type { Controller } from '../../src/controller/create-controller.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { RolloutStatus } from '../../src/controller/rollout-state.js';
import { rolloutWebhookNotifiers } from '../../src/notifiers/webhook/rollout-webhooks.js';
import type { Registry } from '../../src/registry/registry.js';
import { createStoreController } from '../../src/server/store-controller.js';
import type { Store } from '../../src/store/index.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/index.js';
import { metricsHandler } from '../../src/telemetry/metrics-handler.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { prometheusTool, sleep, startPrometheus, type RunningPrometheus } from './prometheus-kit.js';

const V1 = 'recsys-v1-enc4';
const V2 = 'recsys-v2-enc5';

/** How the candidate behaves at the moment; the pump reads it on every batch. */
interface Behaviour {
  errorRate: number;
  latencyMs: number;
  /** Distinct items it predicts from (1: it always predicts the same one). */
  items: number;
}

describe.skipIf(prometheusTool.skip)('a rollout judged from Prometheus alone', () => {
  let exported: Telemetry;
  let exporter: Server;
  let prometheus: RunningPrometheus;
  let store: Store;
  let registry: Registry;
  let controller: Controller;
  let pump: NodeJS.Timeout | undefined;
  let candidate: Behaviour = { errorRate: 0.001, latencyMs: 20, items: 50 };

  beforeAll(async () => {
    exported = createTelemetry({ clock: systemClock, schemas: () => undefined });
    const handler = metricsHandler(exported);
    exporter = createServer((_req, res) => {
      void handler.body().then((text) => {
        res.writeHead(200, { 'content-type': handler.contentType });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const { port } = exporter.address() as AddressInfo;
    prometheus = await startPrometheus({ targets: [{ job: 'gateway', url: `http://127.0.0.1:${port}` }] });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.close();
    await new Promise((resolve) => exporter?.close(resolve));
  });

  afterEach(async () => {
    clearInterval(pump);
    await controller?.stop();
    await store?.close();
  });

  /** A fresh store and registry, and traffic at 300 req/s split as the traffic policy says. */
  async function begin(behaviour: Behaviour): Promise<void> {
    candidate = behaviour;
    const [database] = await testDatabases();
    store = await database!.open();
    registry = createRegistry({ store, clock: systemClock });
    await seedRecommender(registry);
    await registry.setAlias('recsys', 'production', V1, admin);
    await registry.setAlias('recsys', 'last-known-good', V1, admin);
    await registry.setTrafficPolicy({ model: 'recsys', stable: V1 }, admin);
    controller = createStoreController({
      store,
      registry,
      // The controller's own telemetry never sees a request.
      telemetry: createTelemetry({ clock: systemClock, schemas: () => undefined }),
      clock: systemClock,
      probe: () => Promise.resolve({ ok: true, message: 'ok' }),
      notifiers: rolloutWebhookNotifiers,
    });
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let busy = false;
    pump = setInterval(() => {
      if (busy) return;
      busy = true;
      void registry
        .getTrafficPolicy('recsys')
        .then((policy) => {
          const share =
            policy?.stable === V2 ? 1 : (policy?.weights.find((w) => w.release === V2)?.weight ?? 0) / 100;
          const at = Date.now();
          for (let i = 0; i < 30; i++) {
            const onV2 = random() < share;
            const b = onV2 ? candidate : { errorRate: 0.001, latencyMs: 20, items: 50 };
            exported.record({
              model: 'recsys',
              release: onV2 ? V2 : V1,
              region: 'eu',
              at,
              outcome: random() < b.errorRate ? 'serverError' : 'ok',
              latencyMs: b.latencyMs * (0.8 + 0.4 * random()),
              predictions: [`item-${Math.floor(random() * b.items)}`],
            });
          }
        })
        .finally(() => (busy = false));
    }, 100);
  }

  const status = async (): Promise<RolloutStatus> =>
    (await controller.deps.rollouts.require('recsys-v2')).body.status;

  /** Ticks about four times a second until `done` holds or `seconds` pass; returns the last status. */
  async function runUntil(done: (s: RolloutStatus) => boolean, seconds: number): Promise<RolloutStatus> {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      await controller.tick();
      const s = await status();
      if (done(s) || Date.now() > until) return s;
      await sleep(250);
    }
  }

  const template = (name: string, query: string, extra: Partial<MetricTemplate> = {}): MetricTemplate => ({
    name,
    provider: { prometheus: { address: prometheus.url, query } },
    // A release's series appear in Prometheus a scrape or two after its first request.
    initialDelay: '6s',
    inconclusiveLimit: 1,
    interval: '1s',
    count: 4,
    ...extra,
  });
  const ERROR_RATE =
    'sum(rate(ripcord_requests_total{model="{{args.model}}",release="{{args.candidate}}",outcome!="ok"}[10s]))' +
    ' / sum(rate(ripcord_requests_total{model="{{args.model}}",release="{{args.candidate}}"}[10s]))';
  const P99 =
    'histogram_quantile(0.99, sum by (le) (rate(ripcord_request_duration_seconds_bucket{release="{{args.candidate}}"}[10s])))';
  const DIVERSITY = 'ripcord_prediction_entropy{release="{{args.candidate}}"}';

  const rollout = (analysis: Partial<RolloutSpecInput['analysis']>): RolloutSpecInput => ({
    name: 'recsys-v2',
    model: 'recsys',
    release: V2,
    canary: {
      steps: [
        { setWeight: 20 },
        { pause: { duration: '8s' } },
        { setWeight: 50 },
        { pause: { duration: '8s' } },
      ],
    },
    analysis: {
      triggers: ['hard: error rate up > 50%'],
      provider: { prometheus: { address: prometheus.url } },
      ...analysis,
    },
  });

  it('promotes a healthy canary: triggers and templates (error rate, p99, diversity by release) all from Prometheus', async () => {
    await begin({ errorRate: 0.001, latencyMs: 20, items: 50 });
    await controller.startRollout(
      rollout({
        triggers: ['hard: error rate up > 50%', 'hard: p95 latency up > 50%'],
        metrics: [
          template('error-rate', ERROR_RATE, { successCondition: 'result[0] < 0.05' }),
          template('p99-latency', P99, { successCondition: 'result[0] < 0.1' }),
          template('diversity', DIVERSITY, { successCondition: 'result[0] >= 0.6' }),
        ],
      }),
      admin,
    );
    const s = await runUntil((x) => x.phase !== 'Progressing' && x.phase !== 'Paused', 60);
    expect(s.phase, `${s.message} | ${s.lastDecision?.reason ?? ''}`).toBe('Guarding');
    expect((await registry.getTrafficPolicy('recsys'))?.stable).toBe(V2);
    const history = await controller.deps.decisions.list();
    const readings = history.flatMap((d) => d.body.decision.readings);
    for (const name of ['metric error-rate', 'metric p99-latency', 'metric diversity'])
      expect(
        readings.some((r) => r.trigger === name && r.status === 'ok'),
        name,
      ).toBe(true);
    // The triggers were judged (not just waited out) on what Prometheus scraped.
    expect(readings.some((r) => r.trigger === 'hard: error rate up > 50%' && r.status === 'ok')).toBe(true);
    expect(readings.some((r) => r.trigger === 'hard: p95 latency up > 50%' && r.status === 'ok')).toBe(true);
  }, 120_000);

  it('rolls back a faulty canary on the always-valid trigger read from Prometheus counters', async () => {
    await begin({ errorRate: 0.3, latencyMs: 20, items: 50 });
    await controller.startRollout(rollout({}), admin);
    const s = await runUntil((x) => x.rollback !== undefined, 60);
    expect(s.rollback?.trigger, s.message).toBe('hard: error rate up > 50%');
    expect(s.lastDecision?.readings[0]?.observed).toBeGreaterThan(0.1);
    expect(
      (await registry.getTrafficPolicy('recsys'))?.weights.find((w) => w.release === V2)?.weight ?? 0,
    ).toBe(0);
    // Recovery is verified from the same Prometheus: the controller's own telemetry, which saw no
    // request, would read "no traffic reached the target" and wait ten verification windows.
    const verified = await runUntil((x) => x.rollback?.verification !== 'pending', 40);
    expect(verified.rollback?.verification, verified.message).toBe('verified');
    const [incident] = await controller.deps.incidents.list();
    expect(incident?.body.verification?.message).toMatch(/^\d+ requests on recsys-v1-enc4, error rate/);
    expect(Number(/^(\d+) requests/.exec(incident?.body.verification?.message ?? '')?.[1])).toBeGreaterThan(
      0,
    );
  }, 120_000);

  it('tolerates failureLimit failed measurements, then rolls back quoting the one that failed', async () => {
    // Slow, not failing: the error trigger stays quiet, the p99 template decides.
    await begin({ errorRate: 0.001, latencyMs: 400, items: 50 });
    await controller.startRollout(
      rollout({
        metrics: [
          template('p99-latency', P99, { count: 10, successCondition: 'result[0] < 0.1', failureLimit: 2 }),
        ],
      }),
      admin,
    );
    const s = await runUntil((x) => x.rollback !== undefined, 60);
    expect(s.rollback?.trigger, s.message).toBe('metric p99-latency');
    const result = s.measurements?.results.find((r) => r.name === 'p99-latency');
    // Argo's rule: the run fails on the third failure (failed 3 > failureLimit 2), not before.
    expect(result?.failed).toBe(3);
    expect(s.rollback?.reason).toMatch(/p99-latency = \[0\.\d+\]: successCondition result\[0\] < 0\.1/);
    expect(s.rollback?.reason).toContain('failed (3) > failureLimit (2)');
    // `ripcord rollout status` shows the run and the reading that decided.
    const stored = await controller.deps.rollouts.require('recsys-v2');
    const shown = describeRollout({ ...stored.body, name: 'recsys-v2', revision: stored.revision });
    expect(shown).toContain(
      '  metrics    Failed — Metric "p99-latency" assessed Failed due to failed (3) > failureLimit (2)',
    );
    const incidents = await controller.deps.incidents.list();
    expect(JSON.stringify(incidents[0]?.body)).toContain('metric p99-latency');
  }, 120_000);

  it('holds the step when a template is inconclusive past inconclusiveLimit ("no data"), saying why', async () => {
    await begin({ errorRate: 0.001, latencyMs: 20, items: 50 });
    await controller.startRollout(
      rollout({
        metrics: [
          template('conversion', 'ripcord_kpi_conversion_rate{release="{{args.candidate}}"}', {
            successCondition: 'result[0] > 0.02',
            inconclusiveLimit: 1,
          }),
        ],
      }),
      admin,
    );
    const s = await runUntil((x) => x.hold !== undefined && x.measurements?.phase === 'Inconclusive', 40);
    expect(s.phase).toBe('Progressing');
    expect(s.weight).toBe(20);
    expect(s.measurements?.phase).toBe('Inconclusive');
    expect(s.measurements?.results[0]?.inconclusive).toBe(2);
    expect(s.hold?.reason).toMatch(/holding at step 2\/4/);
    const reading = s.lastDecision?.readings.find((r) => r.trigger === 'metric conversion');
    expect(reading?.status).toBe('insufficient-data');
    expect(reading?.message).toContain('conversion = [] (no data): inconclusive');
    expect(reading?.message).toContain('inconclusive (2) > inconclusiveLimit (1)');
    expect(s.rollback).toBeUndefined();
  }, 120_000);
});
