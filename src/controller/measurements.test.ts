import { describe, expect, it } from 'vitest';

import type { Decision } from '../analysis/judge.js';
import type { MeasureFn, MetricTemplate } from '../analysis/measurements/metric-template.js';
import { describeRun, measureStep, withMeasurements } from './measurements.js';
import type { ReconcileContext } from './reconcile-context.js';
import { RolloutSpecSchema, type RolloutSpecInput } from './rollout-spec.js';

const template = (extra: Partial<MetricTemplate> = {}): MetricTemplate => ({
  name: 'error-rate',
  provider: {
    prometheus: {
      address: 'http://prometheus:9090',
      query: 'sum(rate(ripcord_requests_total{release="{{args.candidate}}",outcome="serverError"}[1m]))',
    },
  },
  interval: '10s',
  count: 3,
  successCondition: 'result[0] < 0.05',
  failureLimit: 1,
  ...extra,
});

const spec = (analysis: Partial<RolloutSpecInput['analysis']>): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: { steps: [{ setWeight: 10 }, { pause: { duration: '1m' } }] },
  analysis: { triggers: ['hard: error rate up > 50%'], ...analysis },
});

const issues = (input: RolloutSpecInput) => {
  const parsed = RolloutSpecSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('spec.analysis.metrics and provider, compiled at submit', () => {
  it('accepts Argo-shaped templates with args, and a Prometheus source with an Istio convention', () => {
    expect(
      issues(
        spec({
          metrics: [template({ initialDelay: '30s', inconclusiveLimit: 2, consecutiveErrorLimit: 1 })],
          args: [{ name: 'namespace', value: 'shop' }],
          provider: {
            prometheus: {
              address: 'http://prometheus:9090',
              bearerTokenEnv: 'PROMETHEUS_TOKEN',
              requests: 'istio_requests_total',
              durationBuckets: 'istio_request_duration_milliseconds_bucket',
              durationUnit: 'milliseconds',
              labels: { model: 'destination_service_name', release: 'destination_version' },
              statusCodeLabel: 'response_code',
            },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('names the field of a condition that does not parse', () => {
    const found = issues(
      spec({ metrics: [template(), template({ name: 'b', failureCondition: 'result[0] >' })] }),
    );
    expect(found.map((i) => i.path)).toEqual(['analysis.metrics.1.failureCondition']);
    expect(found[0]!.message).not.toMatch(/^spec\.analysis/);
  });

  it('names the query that uses an argument not declared, and a placeholder that is not an argument', () => {
    const unknown = template({
      provider: { prometheus: { address: 'http://p:9090', query: 'up{ns="{{args.namespace}}"}' } },
    });
    expect(issues(spec({ metrics: [unknown] }))).toEqual([
      {
        path: 'analysis.metrics.0.provider.prometheus.query',
        message: expect.stringContaining('{{args.namespace}} is not defined') as string,
      },
    ]);
    expect(issues(spec({ metrics: [unknown], args: [{ name: 'namespace', value: 'shop' }] }))).toEqual([]);
    const bad = template({
      provider: { prometheus: { address: 'http://p:9090', query: 'up{x="{{ release }}"}' } },
    });
    expect(issues(spec({ metrics: [bad] }))[0]!.message).toContain('write {{args.NAME}}');
  });

  it('refuses duplicate names, a bad interval, a built-in argument redeclared and a token written inline', () => {
    const found = issues(
      spec({
        metrics: [template(), template({ interval: 'often' })],
        args: [{ name: 'candidate', value: 'x' }],
      }),
    );
    expect(found.map((i) => i.path).sort()).toEqual([
      'analysis.args.0.name',
      'analysis.metrics.1.interval',
      'analysis.metrics.1.name',
    ]);
    const inline = issues(
      spec({ provider: { prometheus: { address: 'http://p:9090', bearerToken: 'secret' } as never } }),
    );
    expect(inline.map((i) => i.path)).toEqual(['analysis.provider.prometheus']);
  });
});

/** The parts of a reconcile pass measureStep touches. */
function pass(templates: MetricTemplate[]) {
  const parsed = RolloutSpecSchema.parse(spec({ metrics: templates }));
  return {
    name: 'recsys-v2',
    now: 1_000_000,
    dirty: false,
    spec: parsed,
    status: { phase: 'Progressing' },
  } as unknown as ReconcileContext;
}

const request = {
  stage: 'setWeight',
  candidate: 'recsys-v2-enc5',
  baseline: 'recsys-v1-enc4',
  since: 999_000,
};

describe('measureStep: Argo rules through the readings a step is judged on', () => {
  it('fills in the arguments, tolerates failureLimit failures, then rolls back quoting the measurement', async () => {
    const ctx = pass([template()]);
    const values = [0.01, 0.2, 0.3];
    const queries: string[] = [];
    const measure: MeasureFn = (t) => {
      queries.push(t.provider.prometheus.query);
      return Promise.resolve([values.shift()]);
    };
    const first = await measureStep(ctx, request, measure);
    expect(queries[0]).toContain('release="recsys-v2-enc5"');
    expect(first.readings[0]).toMatchObject({ trigger: 'metric error-rate', status: 'insufficient-data' });
    expect(first.readings[0]!.message).toContain('measuring');

    // Not due yet: nothing measured.
    ctx.now += 5_000;
    expect((await measureStep(ctx, request, measure)).measured).toBe(false);

    ctx.now += 5_000;
    const second = await measureStep(ctx, request, measure);
    // Within failureLimit, and the count not reached: the step still waits on it.
    expect(second.readings[0]!.status).toBe('insufficient-data');
    expect(second.readings[0]!.message).toContain('failed, within failureLimit');

    ctx.now += 10_000;
    const third = await measureStep(ctx, request, measure);
    expect(third.readings[0]!.status).toBe('breach');
    expect(ctx.status.measurements?.phase).toBe('Failed');
    const decision = withMeasurements(
      { verdict: 'MONITOR', reason: 'ok', readings: [], insufficientData: false, at: ctx.now } as Decision,
      third.readings,
    );
    expect(decision.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(decision.trigger).toBe('metric error-rate');
    expect(decision.reason).toContain('error-rate = [0.3]');
    expect(decision.reason).toContain('successCondition result[0] < 0.05');
    expect(decision.reason).toContain('failed (2) > failureLimit (1)');
    expect(describeRun(ctx.status.measurements!)).toBe(
      'Failed — Metric "error-rate" assessed Failed due to failed (2) > failureLimit (1): error-rate Failed (1✓ 2✗ 0? 0!)',
    );
  });

  it('holds on Inconclusive past inconclusiveLimit ("no data"), and passes once the count succeeds', async () => {
    const noData = pass([template({ count: 2, inconclusiveLimit: 0 })]);
    const r = await measureStep(noData, request, () => Promise.resolve([]));
    expect(noData.status.measurements?.phase).toBe('Inconclusive');
    expect(r.readings[0]!.status).toBe('insufficient-data');
    expect(r.readings[0]!.message).toContain('inconclusive');
    expect(r.readings[0]!.message).toContain('inconclusive (1) > inconclusiveLimit (0)');

    const ok = pass([template({ count: 2 })]);
    await measureStep(ok, request, () => Promise.resolve([0.01]));
    ok.now += 10_000;
    const done = await measureStep(ok, request, () => Promise.resolve([0.02]));
    expect(done.readings[0]).toMatchObject({ status: 'ok', observed: 0.02 });
    expect(ok.status.measurements?.phase).toBe('Successful');
  });

  it('starts a new run when the evidence starts over, keeps a bounded history, and leaves the guard alone', async () => {
    const ctx = pass([template({ count: undefined, interval: '1s' })]);
    for (let i = 0; i < 15; i++) {
      await measureStep(ctx, request, () => Promise.resolve([0.01]));
      ctx.now += 1_000;
    }
    const result = ctx.status.measurements!.results[0]!;
    expect(result.count).toBe(15);
    expect(result.measurements).toHaveLength(10);
    await measureStep(ctx, { ...request, since: ctx.now }, () => Promise.resolve([0.01]));
    expect(ctx.status.measurements!.results[0]!.count).toBe(1);
    expect((await measureStep(ctx, { ...request, stage: 'guard' })).readings).toEqual([]);
  });

  it('shows a dry-run metric as an observe reading that never rolls back', async () => {
    const ctx = pass([template({ dryRun: true, count: 1, failureLimit: 0 })]);
    const { readings } = await measureStep(ctx, request, () => Promise.resolve([0.9]));
    expect(readings[0]).toMatchObject({ severity: 'observe', status: 'breach' });
    const decision = withMeasurements(
      { verdict: 'MONITOR', reason: 'ok', readings: [], insufficientData: false, at: 0 } as Decision,
      readings,
    );
    expect(decision.verdict).toBe('MONITOR');
  });
});
