import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import type { InputSchema } from '../registry/schemas.js';
import { createTelemetry } from './create-telemetry.js';
import type { RequestObservation } from './types.js';

const schema: InputSchema = {
  fields: {
    age: { type: 'number', required: true, nullable: false },
    country: { type: 'string', required: true, nullable: false },
  },
};

function setup(windowSeconds = 60) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const telemetry = createTelemetry({
    clock,
    windowSeconds,
    schemas: (model) => (model === 'recsys' ? schema : undefined),
    histogramEdges: (_m, field) => (field === 'age' ? [18, 30, 50] : undefined),
  });
  const obs = (over: Partial<RequestObservation> = {}): RequestObservation => ({
    model: 'recsys',
    release: 'v1',
    region: 'eu',
    at: clock.now(),
    outcome: 'ok',
    latencyMs: 10,
    ...over,
  });
  return { clock, telemetry, obs };
}

describe('createTelemetry windows', () => {
  it('merges 1 s buckets over [from, to) and across regions', () => {
    const { clock, telemetry, obs } = setup();
    const t0 = clock.now();
    telemetry.record(obs({ outcome: 'ok' }));
    telemetry.record(obs({ region: 'us', outcome: 'serverError' }));
    clock.advance(1000);
    telemetry.record(obs({ outcome: 'timeout' }));
    clock.advance(1000);
    telemetry.record(obs({ release: 'v2' }));

    const all = telemetry.window({ model: 'recsys', release: 'v1', from: t0, to: t0 + 2000 });
    expect(all.requests).toBe(3);
    expect(all.outcomes).toEqual({ ok: 1, clientError: 0, serverError: 1, timeout: 1, connectionError: 0 });
    expect(all.region).toBeUndefined();
    const eu = telemetry.window({ model: 'recsys', release: 'v1', region: 'eu', from: t0, to: t0 + 1000 });
    expect(eu.requests).toBe(1);
    expect(eu.region).toBe('eu');
    expect(telemetry.window({ model: 'recsys', release: 'v2', from: t0, to: t0 + 2000 }).requests).toBe(0);

    const series = telemetry.series({
      model: 'recsys',
      release: 'v1',
      from: t0,
      to: t0 + 3000,
      stepMs: 1000,
    });
    expect(series.map((w) => w.requests)).toEqual([2, 1, 0]);
    expect(series[1]!.from).toBe(t0 + 1000);
  });

  it('evicts buckets older than the rolling window and drops records outside it', () => {
    const { clock, telemetry, obs } = setup(10);
    const t0 = clock.now();
    telemetry.record(obs());
    clock.advance(5000);
    telemetry.record(obs());
    expect(telemetry.window({ model: 'recsys', release: 'v1', from: t0, to: clock.now() + 1 }).requests).toBe(
      2,
    );
    clock.advance(6000); // t0 bucket is now 11 s old
    expect(telemetry.window({ model: 'recsys', release: 'v1', from: t0, to: clock.now() + 1 }).requests).toBe(
      1,
    );
    telemetry.record(obs({ at: t0 })); // too old to count
    telemetry.record(obs()); // a fresh second takes the slot of an evicted one
    expect(telemetry.window({ model: 'recsys', release: 'v1', from: t0, to: clock.now() + 1 }).requests).toBe(
      2,
    );
    clock.advance(30_000);
    telemetry.record(obs({ release: 'v9' })); // triggers the sweep of idle streams
    expect(telemetry.streams()).toEqual([{ model: 'recsys', release: 'v9', region: 'eu' }]);
  });

  it('keeps latency quantiles within 1 %', () => {
    const { clock, telemetry, obs } = setup();
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const v = 0.5 + ((i * 7919) % 10007) / 10;
      values.push(v);
      telemetry.record(obs({ latencyMs: v, at: clock.now() + (i % 3) * 1000 }));
    }
    values.sort((a, b) => a - b);
    const w = telemetry.window({ model: 'recsys', release: 'v1', from: clock.now(), to: clock.now() + 3000 });
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = values[Math.floor(q * (values.length - 1))]!;
      expect(Math.abs(w.latency.getValueAtQuantile(q) - exact) / exact).toBeLessThanOrEqual(0.0101);
    }
  });

  it('counts input data quality against the schema with shared histogram edges', () => {
    const { telemetry, obs, clock } = setup();
    telemetry.record(
      obs({
        inputs: [
          { age: 20, country: 'de' },
          { age: null, country: 3 },
          { country: 'fr' },
          'not-an-object',
          { age: 60 },
        ],
      }),
    );
    telemetry.record(obs({ release: 'v2', inputs: [{ age: 10, country: 'de' }] }));
    const w = telemetry.window({ model: 'recsys', release: 'v1', from: clock.now(), to: clock.now() + 1000 });
    expect(w.inputRows).toBe(5);
    expect(w.inputQuality.age).toMatchObject({ missing: 2, nulls: 1, wrongType: 0 });
    expect(w.inputQuality.age!.histogram).toEqual({ edges: [18, 30, 50], counts: [0, 1, 0, 1] });
    expect(w.inputQuality.country).toMatchObject({ missing: 2, nulls: 0, wrongType: 1 });
    expect(w.inputQuality.country!.histogram).toBeUndefined();
    // Rows 2-5 break the schema (null age, a number for country, missing fields); row 1 does not.
    expect(w.inputMismatchRows).toBe(4);
    expect(w.inputQuality.age!.mismatches).toBe(3);
    expect(w.inputQuality.country).toMatchObject({ mismatches: 3 });
    expect({ ...w.inputQuality.country!.categories!.counts }).toEqual({ de: 1, fr: 1 });
    const v2 = telemetry.window({
      model: 'recsys',
      release: 'v2',
      from: clock.now(),
      to: clock.now() + 1000,
    });
    expect(v2.inputQuality.age!.histogram!.edges).toEqual([18, 30, 50]);
    expect(v2.inputQuality.age!.histogram!.counts).toEqual([1, 0, 0, 0]);
  });

  it('records predictions and KPI moments', () => {
    const { telemetry, obs, clock } = setup();
    telemetry.record(obs({ predictions: ['a', 'b', 1] }));
    telemetry.record(obs({ predictions: ['a'] }));
    telemetry.recordKpi({
      model: 'recsys',
      release: 'v1',
      region: 'eu',
      at: clock.now(),
      metric: 'ctr',
      value: 1,
    });
    telemetry.recordKpi({
      model: 'recsys',
      release: 'v1',
      region: 'eu',
      at: clock.now(),
      metric: 'ctr',
      value: 3,
    });
    const w = telemetry.window({ model: 'recsys', release: 'v1', from: clock.now(), to: clock.now() + 1000 });
    expect([...w.predictions].sort()).toEqual([
      ['1', 1],
      ['a', 2],
      ['b', 1],
    ]);
    expect(w.predictionResponses).toBe(2);
    expect(w.kpis.ctr).toEqual({ n: 2, sum: 4, sumSq: 10 });
  });

  it('exports closed buckets and importing them equals recording directly', () => {
    const a = setup();
    const b = setup();
    const direct = setup();
    const t0 = a.clock.now();
    for (let i = 0; i < 300; i++) {
      const o = a.obs({
        at: t0 + (i % 5) * 1000,
        region: i % 2 ? 'eu' : 'us',
        latencyMs: 1 + (i % 50),
        outcome: i % 10 === 0 ? 'serverError' : 'ok',
        predictions: [`item${i % 7}`],
        inputs: [{ age: i % 70, country: i % 3 ? 'de' : null }],
      });
      (i % 2 ? a : b).telemetry.record(o);
      direct.telemetry.record(o);
    }
    for (const s of [a, b, direct]) s.clock.advance(5000);
    const primary = setup();
    primary.clock.advance(5000);
    const batchA = a.telemetry.exportBuckets(0);
    const json = JSON.parse(JSON.stringify(batchA)) as typeof batchA;
    primary.telemetry.importBuckets(json);
    primary.telemetry.importBuckets(b.telemetry.exportBuckets(0).buckets);
    // A second export from the cursor carries nothing new: no double counting.
    expect(a.telemetry.exportBuckets(batchA.next).buckets).toHaveLength(0);

    const q = { model: 'recsys', release: 'v1', from: t0, to: t0 + 5000 };
    const got = primary.telemetry.window(q);
    const want = direct.telemetry.window(q);
    expect(got.requests).toBe(want.requests);
    expect(got.outcomes).toEqual(want.outcomes);
    expect(new Map(got.predictions)).toEqual(new Map(want.predictions));
    expect(got.inputQuality).toEqual(want.inputQuality);
    expect(got.inputMismatchRows).toBe(want.inputMismatchRows);
    expect(got.inputMismatchRows).toBeGreaterThan(0);
    expect(got.latency.count).toBe(want.latency.count);
    for (const p of [0.5, 0.9, 0.99])
      expect(got.latency.getValueAtQuantile(p)).toBeCloseTo(want.latency.getValueAtQuantile(p), 9);
    expect(primary.telemetry.totals({ model: 'recsys', release: 'v1', region: 'eu' })).toEqual(
      direct.telemetry.totals({ model: 'recsys', release: 'v1', region: 'eu' }),
    );
  });

  it('does not export the still-open second', () => {
    const { telemetry, obs } = setup();
    telemetry.record(obs());
    expect(telemetry.exportBuckets(0).buckets).toHaveLength(0);
  });
});
