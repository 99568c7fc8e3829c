import { describe, expect, it } from 'vitest';
import { normalizedEntropy } from '../../telemetry/diversity.js';
import { Catalogue } from './catalogue.js';
import { FaultSpecSchema, schedule, type FaultSpecInput, type ScheduledFault } from './faults.js';
import { ModelBehaviour, type BehaviourOptions } from './model-behaviour.js';

function behaviour(overrides: Partial<BehaviourOptions> = {}): ModelBehaviour {
  return new ModelBehaviour({
    catalogue: new Catalogue(),
    variation: 0,
    medianLatencyMs: 20,
    latencySigma: 0.35,
    errorRate: 0,
    conversionRate: 0.1,
    seed: 1,
    ...overrides,
  });
}

const faults = (...specs: FaultSpecInput[]): ScheduledFault[] =>
  specs.map((s) => schedule(FaultSpecSchema.parse(s), 0));

function topItemEntropy(model: ModelBehaviour, active: ScheduledFault[], requests: number): number {
  const counts = new Map<string, number>();
  for (let i = 0; i < requests; i++) {
    const outcome = model.respond([{ user_id: `u${(i * 7919) % 100_000}` }], active, 1);
    const top = outcome.recommendations[0]!.items[0]!;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return normalizedEntropy(counts);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('ModelBehaviour', () => {
  it('collapses diversity from about 0.73 to about 0.04', () => {
    expect(topItemEntropy(behaviour(), [], 5_000)).toBeCloseTo(0.73, 1);
    const collapsed = topItemEntropy(behaviour(), faults({ kind: 'diversity-collapse' }), 5_000);
    expect(collapsed).toBeGreaterThan(0.025);
    expect(collapsed).toBeLessThan(0.055);
  });

  it('draws lognormal latency around the median and applies the latency fault', () => {
    const model = behaviour();
    const base = median(Array.from({ length: 4_001 }, () => model.respond([], [], 0).latencyMs));
    expect(base).toBeGreaterThan(19);
    expect(base).toBeLessThan(21);
    const slow = faults({ kind: 'latency', multiply: 1.4, addMs: 5 });
    const slower = median(Array.from({ length: 4_001 }, () => model.respond([], slow, 0).latencyMs));
    expect(slower).toBeGreaterThan(19 * 1.4 + 5);
    expect(slower).toBeLessThan(21 * 1.4 + 5);
  });

  it('fails about the configured share of requests', () => {
    const model = behaviour({ errorRate: 0.003 });
    const active = faults({ kind: 'errors', rate: 0.05, status: 503 });
    const statuses = Array.from({ length: 10_000 }, () => model.respond([{ user_id: 1 }], active, 0).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(420);
    expect(failed).toBeLessThan(580);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });

  it('drifts only the rows of the segment', () => {
    const model = behaviour();
    const active = faults({ kind: 'drift', field: 'hour', min: 0, max: 5 });
    const outcome = model.respond(
      [{ user_id: 'u1', hour: 2 }, { user_id: 'u1', hour: 14 }, { user_id: 'u1' }],
      active,
      0,
    );
    const [night, day, unknown] = outcome.recommendations;
    expect(outcome.driftedRows).toBe(1);
    expect(day).toEqual(unknown);
    expect(night!.items).not.toEqual(day!.items);
  });

  it('exposes the conversion multiplier and honours fault timing', () => {
    const model = behaviour();
    const active = [
      schedule(FaultSpecSchema.parse({ kind: 'conversion', multiply: 0.97, afterMs: 1_000, forMs: 500 }), 0),
    ];
    expect(model.conversionRate(active, 999)).toBe(0.1);
    expect(model.conversionRate(active, 1_000)).toBeCloseTo(0.097, 10);
    expect(model.conversionRate(active, 1_500)).toBe(0.1);
  });

  it('serves the popular items to a request without a user id', () => {
    const model = behaviour();
    const outcome = model.respond([{ hour: 3 }], [], 0);
    expect(outcome.recommendations[0]).toEqual(new Catalogue().popular());
  });
});
