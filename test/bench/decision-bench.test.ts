import { describe, expect, it } from 'vitest';

import { ArmStream } from '../../bench/decisions/arm-stream.js';
import { BenchReader } from '../../bench/decisions/bench-reader.js';
import { normalizedEntropyOf, zipfWeights, collapsedWeights } from '../../bench/decisions/distributions.js';
import { rows } from '../../bench/decisions/report.js';
import { Rng } from '../../bench/decisions/random.js';
import { HEALTHY, SCENARIOS } from '../../bench/decisions/scenarios.js';
import { buildTables, FULL, runScenario, type SimOptions } from '../../bench/decisions/simulate.js';

/** A tiny configuration of the decision benchmark: proves the harness works, not how well anyone decides. */
const TINY: SimOptions = {
  ...FULL,
  releasesAA: 2,
  releasesRegression: 2,
  canaryHorizonSec: 120,
  blueGreenHorizonSec: 120,
};

describe('decision benchmark harness', () => {
  const tables = buildTables();

  it('calibrates the item popularity to the incident figures', () => {
    const healthy = zipfWeights();
    expect(normalizedEntropyOf(healthy)).toBeCloseTo(0.73, 3);
    expect(normalizedEntropyOf(collapsedWeights(healthy))).toBeCloseTo(0.04, 3);
  });

  it('streams per-second telemetry that windows read back like the gateway telemetry', () => {
    const arm = new ArmStream('v2', 60, tables);
    arm.reset({ ...HEALTHY, errorRate: 0.05 }, 1000);
    const rng = new Rng(3);
    for (let s = 0; s < 60; s++) arm.step(rng);
    const reader = new BenchReader();
    reader.register(arm, 1_000_000);
    const w = reader.window({ model: 'm', release: 'v2', from: 1_000_000, to: 1_060_000 });
    expect(w.requests).toBeGreaterThan(58_000);
    expect(w.requests).toBeLessThan(62_000);
    expect(w.outcomes.serverError / w.requests).toBeCloseTo(0.05, 2);
    expect(w.latency.count).toBe(w.requests);
    expect(w.latency.getValueAtQuantile(0.5)).toBeCloseTo(100, -1);
    expect(w.kpis.conversion!.sum / w.requests).toBeCloseTo(0.1, 2);
    const half = reader.window({ model: 'm', release: 'v2', from: 1_030_000, to: 1_060_000 });
    const series = reader.series({
      model: 'm',
      release: 'v2',
      from: 1_000_000,
      to: 1_060_000,
      stepMs: 30_000,
    });
    expect(series.map((x) => x.requests).reduce((a, b) => a + b)).toBe(w.requests);
    expect(series[1]!.requests).toBe(half.requests);
  });

  it('runs every decider on the same streams and reports a row per decider', () => {
    const errors = SCENARIOS.find((s) => s.regression === 'errors')!;
    const aa = SCENARIOS.find((s) => s.name === 'A/A canary')!;
    const results = [runScenario(aa, TINY, tables, 0), runScenario(errors, TINY, tables, 1)];
    const table = rows(results);
    expect(table.map((r) => r.decider)).toEqual([
      'ripcord judges',
      'fixed thresholds (60s, failureLimit 2)',
      'Mann-Whitney per 60s (Kayenta)',
      'ripcord judges',
      'fixed thresholds (60s, failureLimit 2)',
      'Mann-Whitney per 60s (Kayenta)',
    ]);
    // 0.3 % → 5 % errors is caught by ripcord within the two simulated minutes, every time.
    const ours = results[1]!.deciders[0]!;
    expect(ours.alarms).toBe(2);
    expect(ours.ttd.every((t) => t > 0 && t <= 120)).toBe(true);
    // Same seed, same streams, same outcome.
    expect(runScenario(errors, TINY, tables, 1).deciders.map((d) => d.ttd)).toEqual(
      results[1]!.deciders.map((d) => d.ttd),
    );
  });
});
