/**
 * The verdict endpoint called exactly as Argo Rollouts' `web` metric provider and Flagger's
 * webhooks call it (argoproj.github.io/argo-rollouts/analysis/web, docs.flagger.app usage/webhooks),
 * with Argo's successCondition / failureCondition evaluated on the answer.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/create-api.js';
import { canaryVerdicts } from '../../src/api/routes/verdict-judges.js';
import { verdictRoutes } from '../../src/api/routes/verdict-routes.js';
import { telemetryProvider } from '../../src/analysis/providers/telemetry/telemetry-provider.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/create-telemetry.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { argoCondition } from './argo-condition.js';

const [database] = await testDatabases();

/** Argo's AnalysisTemplate metric, as docs/kubernetes.md shows it. */
const ARGO_METRIC = {
  successCondition: 'result.verdict == "pass"',
  failureCondition: 'result.verdict == "fail"',
};

/** What Argo's AnalysisRun makes of one measurement (metricproviders: Successful, Failed, else Inconclusive). */
const argoPhase = (result: unknown): string =>
  argoCondition(ARGO_METRIC.failureCondition, result)
    ? 'Failed'
    : argoCondition(ARGO_METRIC.successCondition, result)
      ? 'Successful'
      : 'Inconclusive';

describe('canary verdicts for Argo Rollouts and Flagger', () => {
  let store: Store;
  let registry: Registry;
  let app: FastifyInstance;
  let clock: ManualClock;
  let telemetry: Telemetry;
  let viewer: string;

  beforeEach(async () => {
    store = await database!.open();
    registry = createRegistry({ store });
    viewer = (await registry.createToken('argo-analysis', 'viewer', admin)).token;
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    telemetry = createTelemetry({ clock, windowSeconds: 3600, schemas: () => undefined });
    const verdicts = canaryVerdicts({ metrics: telemetryProvider(telemetry), clock });
    ({ app } = await createApi({
      registry,
      routes: verdictRoutes({ verdicts, registry }),
      checkResponses: true,
    }));
  });
  afterEach(async () => {
    await app.close();
    await store.close();
  });

  /** Seconds of traffic: the canary's error rate given, the stable's 0.2 %. */
  function traffic(seconds: number, canaryErrors: number, release = 'recsys-canary'): void {
    for (let s = 0; s < seconds; s++) {
      for (let i = 0; i < 100; i++) {
        const at = clock.now() + i * 5;
        telemetry.record({
          model: 'recsys',
          release: 'recsys-stable',
          region: 'eu',
          at,
          outcome: i % 500 === 499 ? 'serverError' : 'ok',
          latencyMs: 50,
        });
        telemetry.record({
          model: 'recsys',
          release,
          region: 'eu',
          at,
          outcome: i < canaryErrors * 100 ? 'serverError' : 'ok',
          latencyMs: 50,
        });
      }
      clock.advance(1000);
    }
  }

  /** Argo's web provider: POST with `jsonBody`, the token in `headers` (Authorization: Bearer). */
  const argo = (jsonBody: object, token: string | null = viewer) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/verdicts',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: JSON.stringify(jsonBody),
    });

  const question = {
    model: 'recsys',
    candidate: 'recsys-canary',
    baseline: 'recsys-stable',
    triggers: ['hard: error rate > 5%', 'soft: p95 latency up > 50%'],
  };

  it('answers Argo pending before data, then pass on a healthy canary, and fail on a broken one', async () => {
    let answer = await argo(question);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ verdict: 'pending', model: 'recsys' });
    expect(argoPhase(answer.json())).toBe('Inconclusive');

    traffic(60, 0);
    answer = await argo(question);
    expect(answer.json()).toMatchObject({ verdict: 'pass', canaryWeight: 50 });
    expect(argoPhase(answer.json())).toBe('Successful');

    const broken = { ...question, candidate: 'recsys-broken' };
    await argo(broken);
    traffic(60, 0.2, 'recsys-broken');
    for (let look = 0; look < 3; look++) {
      clock.advance(1000);
      answer = await argo(broken);
    }
    expect(answer.json()).toMatchObject({ verdict: 'fail' });
    expect(answer.json().reason).toMatch(/error rate/);
    expect(argoPhase(answer.json())).toBe('Failed');
  });

  it('asks for a token, and names the field on a bad question', async () => {
    expect((await argo(question, null)).statusCode).toBe(401);
    const bad = await argo({ ...question, triggers: ['hard: error rate >> 5%'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('triggers');
    const unknown = await argo({ ...question, weight: 10 });
    expect(unknown.statusCode).toBe(400);
  });

  it('looks at a canary at most once a second: a polling loop gets the last answer', async () => {
    traffic(60, 0);
    const first = (await argo(question)).json();
    traffic(0, 0);
    const again = (await argo(question)).json();
    expect(again.at).toBe(first.at);
    clock.advance(1000);
    expect((await argo(question)).json().at).not.toBe(first.at);
  });

  /** Flagger's webhook: POST {name, namespace, phase, checksum, metadata}; only the status counts. */
  const flagger = (gate: string, metadata: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/verdicts/flagger/${gate}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({
        name: 'recsys',
        namespace: 'ml-serving',
        phase: 'Progressing',
        checksum: '6d8f7b9c5',
        metadata,
      }),
    });

  const flaggerMetadata = {
    candidate: 'recsys-canary',
    baseline: 'recsys-stable',
    triggers: 'hard: error rate > 5%\nsoft: p95 latency up > 50%',
  };

  it('gates Flagger: confirm-promotion 200 only on pass, rollback 200 only on fail', async () => {
    const auth = { authorization: `Bearer ${viewer}` };
    expect((await flagger('confirm-rollout', flaggerMetadata, auth)).statusCode).toBe(200);
    expect((await flagger('confirm-promotion', flaggerMetadata, auth)).statusCode).toBe(412);
    traffic(60, 0);
    clock.advance(1000);
    const go = await flagger('confirm-promotion', flaggerMetadata, auth);
    expect(go.statusCode).toBe(200);
    expect(go.json()).toMatchObject({ verdict: 'pass' });
    expect((await flagger('rollback', flaggerMetadata, auth)).statusCode).toBe(412);

    traffic(60, 0.3);
    let rollback = await flagger('rollback', flaggerMetadata, auth);
    for (let look = 0; look < 3 && rollback.statusCode !== 200; look++) {
      clock.advance(1000);
      rollback = await flagger('rollback', flaggerMetadata, auth);
    }
    expect(rollback.statusCode).toBe(200);
    expect(rollback.json()).toMatchObject({ verdict: 'fail' });
    expect((await flagger('confirm-traffic-increase', flaggerMetadata, auth)).statusCode).toBe(412);
  });

  it("takes Flagger's token from metadata (Flagger sends no headers), never echoing it", async () => {
    const anonymous = await flagger('confirm-rollout', flaggerMetadata);
    expect(anonymous.statusCode).toBe(401);
    const withToken = await flagger('confirm-rollout', { ...flaggerMetadata, token: viewer });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.body).not.toContain(viewer);
    const wrong = await flagger('confirm-rollout', { ...flaggerMetadata, token: 'rc_wrong' });
    expect(wrong.statusCode).toBe(401);
    const noTriggers = await flagger('confirm-rollout', { candidate: 'recsys-canary', token: viewer });
    expect(noTriggers.statusCode).toBe(400);
    expect(noTriggers.body).toContain('metadata.triggers');
    expect((await flagger('post-rollout', { ...flaggerMetadata, token: viewer })).statusCode).toBe(400);
  });
});
