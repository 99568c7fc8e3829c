import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';

import { AlwaysValidPValue } from './always-valid-p-value.js';
import { compareQuantiles } from './compare-quantiles.js';
import { countAbove } from './count-above.js';
import { expectClose } from './expect-close.test-support.js';
import { quantileIncreaseTest } from './quantile-increase-test.js';
import { createRandom } from './random.js';

function sketchOf(values: readonly number[]): DDSketch {
  const s = new DDSketch();
  for (const v of values) s.accept(v);
  return s;
}

/** Exact sample quantile with the same rank rule DDSketch uses (lower value at rank q·(n−1)). */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] as number;
}

describe('compareQuantiles', () => {
  const random = createRandom('latency');
  const baseline = Array.from({ length: 20_000 }, () => random.lognormal(Math.log(200), 0.4));
  const candidate = Array.from({ length: 2_000 }, () => 1.4 * random.lognormal(Math.log(200), 0.4));

  it('reports the ratio within the bound implied by the sketches’ relative accuracy', () => {
    const r = compareQuantiles(sketchOf(candidate), sketchOf(baseline), 0.95);
    expectClose(r.relativeErrorBound, 1.01 / 0.99 - 1, 1e-12);
    const exact =
      exactQuantile(
        [...candidate].sort((a, b) => a - b),
        0.95,
      ) /
        exactQuantile(
          [...baseline].sort((a, b) => a - b),
          0.95,
        ) -
      1;
    expect(exact).toBeGreaterThanOrEqual(r.relativeChangeRange[0]);
    expect(exact).toBeLessThanOrEqual(r.relativeChangeRange[1]);
    expect(Math.abs(r.relativeChange - 0.4)).toBeLessThan(0.1);
  });

  it('is NaN on an empty sketch and checks q', () => {
    expect(compareQuantiles(new DDSketch(), sketchOf([1, 2]), 0.5).relativeChange).toBeNaN();
    expect(() => compareQuantiles(new DDSketch(), new DDSketch(), 95)).toThrow(/^q:/);
  });
});

describe('countAbove', () => {
  it('never overstates and misses only values within the threshold’s bin', () => {
    const random = createRandom('count-above');
    const values = Array.from({ length: 5_000 }, () => random.lognormal(3, 1));
    const sketch = sketchOf(values);
    for (const t of [1, 5, 20, 50, 300]) {
      const exact = values.filter((v) => v > t).length;
      const nearby = values.filter((v) => v > t && v <= t * 1.03).length;
      const counted = countAbove(sketch, t);
      expect(counted).toBeLessThanOrEqual(exact);
      expect(counted).toBeGreaterThanOrEqual(exact - nearby);
    }
  });

  it('handles zero and negative values', () => {
    const sketch = sketchOf([-10, -1, 0, 0, 3, 8]);
    expect(countAbove(sketch, 0)).toBe(2);
    expect(countAbove(sketch, -0.5)).toBe(4);
    expect(countAbove(sketch, -5)).toBe(5);
    expect(countAbove(sketch, 100)).toBe(0);
  });
});

describe('quantileIncreaseTest', () => {
  // 1,000 req/s with a 5 % canary: 950 baseline and 50 candidate latencies per second.
  const stream = (seed: string, scale: number, seconds: number, alpha: number) => {
    const random = createRandom(seed);
    const base = new DDSketch();
    const cand = new DDSketch();
    const p = new AlwaysValidPValue({ alpha });
    for (let second = 1; second <= seconds; second++) {
      for (let i = 0; i < 950; i++) base.accept(random.lognormal(Math.log(200), 0.4));
      for (let i = 0; i < 50; i++) cand.accept(scale * random.lognormal(Math.log(200), 0.4));
      p.observe(quantileIncreaseTest({ candidate: cand, baseline: base, q: 0.95, maxIncrease: 0.3, alpha }));
      if (p.rejected) return second;
    }
    return undefined;
  };

  it('tests the exceedance share against 1 − q at the scaled baseline quantile', () => {
    const random = createRandom('exceedance');
    const base = sketchOf(Array.from({ length: 20_000 }, () => random.lognormal(0, 0.5)));
    const cand = sketchOf(Array.from({ length: 1_000 }, () => 1.5 * random.lognormal(0, 0.5)));
    const r = quantileIncreaseTest({
      candidate: cand,
      baseline: base,
      q: 0.95,
      maxIncrease: 0.3,
      alpha: 0.01,
    });
    expectClose(r.threshold, 1.3 * base.getValueAtQuantile(0.95), 1e-12);
    expect(r.nullShare).toBeCloseTo(0.05, 15);
    expect(r.n).toBe(1_000);
    expect(r.exceedances).toBe(countAbove(cand, r.threshold));
    expectClose(r.estimate, r.exceedances / 1_000, 1e-15);
    expectClose(r.variance, (0.05 * 0.95) / 1_000, 1e-12);
    expect(r.confidenceSequence[1]).toBe(Number.POSITIVE_INFINITY);
    const fixed = quantileIncreaseTest({
      candidate: cand,
      baseline: base,
      q: 0.95,
      maxIncrease: 0.3,
      alpha: 0.01,
      threshold: 1e9,
    });
    expect([fixed.exceedances, fixed.reject]).toEqual([0, false]);
  });

  it('keeps false alarms ≤ alpha at the null boundary (p95 exactly +30 %) looking every second, and catches +40 %', () => {
    const alpha = 0.05;
    const runs = 60;
    let falseAlarms = 0;
    for (let run = 0; run < runs; run++)
      if (stream(`boundary-${run}`, 1.3, 120, alpha) !== undefined) falseAlarms++;
    expect(falseAlarms / runs).toBeLessThanOrEqual(alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / runs));
    // p95 +40 % against a 30 % limit: the exceedance share rises to ≈ 8.7 %.
    const detected = Array.from({ length: 10 }, (_, run) => stream(`up-${run}`, 1.4, 600, 0.01));
    expect(detected.every((s) => s !== undefined)).toBe(true);
  });

  it('reads an empty candidate as no evidence and checks its inputs', () => {
    const r = quantileIncreaseTest({
      candidate: new DDSketch(),
      baseline: sketchOf([1, 2, 3]),
      q: 0.95,
      maxIncrease: 0.3,
      alpha: 0.05,
    });
    expect([r.pValue, r.reject]).toEqual([1, false]);
    expect(() =>
      quantileIncreaseTest({
        candidate: new DDSketch(),
        baseline: new DDSketch(),
        q: 1,
        maxIncrease: 0.3,
        alpha: 0.05,
      }),
    ).toThrow(/^q:/);
    expect(() =>
      quantileIncreaseTest({
        candidate: new DDSketch(),
        baseline: new DDSketch(),
        q: 0.9,
        maxIncrease: -1,
        alpha: 0.05,
      }),
    ).toThrow(/^maxIncrease:/);
  });
});
