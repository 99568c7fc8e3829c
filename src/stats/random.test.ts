import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { aliasSampler, createRandom, randomFromState } from './random.js';

describe('createRandom', () => {
  it('reproduces the xoshiro128** reference output (C reference, state 1,2,3,4)', () => {
    const r = randomFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => r.uint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it('seeds through splitmix32 exactly as the C reference does (seed 42)', () => {
    const r = createRandom(42);
    expect(Array.from({ length: 6 }, () => r.uint32())).toEqual([
      2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290,
    ]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = createRandom('release-7');
    const b = createRandom('release-7');
    const c = createRandom('release-8');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    const f1 = createRandom(1).fork();
    const f2 = createRandom(1).fork();
    expect(f1.next()).toBe(f2.next());
  });

  it('draws uniforms in (0, 1) that pass a chi-square goodness-of-fit check', () => {
    const r = createRandom(7);
    const bins = new Array<number>(20).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u > 0 && u < 1).toBe(true);
      bins[Math.floor(u * 20)]! += 1;
    }
    const expected = n / 20;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8); // χ²(19) 0.999 quantile
  });

  // Moments within ~5 standard errors of the truth (failure probability < 1e-6 per check).
  const moments = (draw: () => number, n: number): { mean: number; variance: number } => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = draw();
      s += v;
      s2 += v * v;
    }
    const mean = s / n;
    return { mean, variance: s2 / n - mean * mean };
  };

  it.each([
    ['normal(3, 2)', (r: ReturnType<typeof createRandom>) => r.normal(3, 2), 3, 4],
    [
      'lognormal(0, 0.5)',
      (r: ReturnType<typeof createRandom>) => r.lognormal(0, 0.5),
      Math.exp(0.125),
      (Math.exp(0.25) - 1) * Math.exp(0.25),
    ],
    ['poisson(3.5)', (r: ReturnType<typeof createRandom>) => r.poisson(3.5), 3.5, 3.5],
    ['poisson(950) (PTRS)', (r: ReturnType<typeof createRandom>) => r.poisson(950), 950, 950],
    ['poisson(12)', (r: ReturnType<typeof createRandom>) => r.poisson(12), 12, 12],
    ['binomial(20, 0.3)', (r: ReturnType<typeof createRandom>) => r.binomial(20, 0.3), 6, 4.2],
    ['binomial(950, 0.1)', (r: ReturnType<typeof createRandom>) => r.binomial(950, 0.1), 95, 85.5],
    ['binomial(5000, 0.003)', (r: ReturnType<typeof createRandom>) => r.binomial(5000, 0.003), 15, 14.955],
    ['bernoulli(0.2)', (r: ReturnType<typeof createRandom>) => (r.bernoulli(0.2) ? 1 : 0), 0.2, 0.16],
  ] as const)('%s has the right mean and variance', (_name, draw, mean, variance) => {
    const r = createRandom(99);
    const n = 100_000;
    const m = moments(() => draw(r), n);
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(Math.abs(m.variance - variance) / variance).toBeLessThan(0.05);
  });

  it('matches the Poisson pmf at small counts (PTRS branch)', () => {
    const r = createRandom(3);
    const n = 100_000;
    const lambda = 10;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = r.poisson(lambda);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let pmf = Math.exp(-lambda);
    for (let k = 0; k <= 20; k++) {
      const observed = (counts.get(k) ?? 0) / n;
      expect(Math.abs(observed - pmf)).toBeLessThan(5 * Math.sqrt(pmf / n) + 1e-4);
      pmf *= lambda / (k + 1);
    }
  });

  it('draws weighted indices in proportion, directly and through the alias table', () => {
    const weights = [5, 0, 1, 3, 1];
    const r = createRandom(11);
    const sample = aliasSampler(weights);
    const direct = new Array<number>(5).fill(0);
    const alias = new Array<number>(5).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      direct[r.weightedIndex(weights)]! += 1;
      alias[sample(r)]! += 1;
    }
    weights.forEach((w, i) => {
      const p = w / 10;
      expectClose((direct[i] as number) / n, p, 0, 5 * Math.sqrt((p * (1 - p)) / n));
      expectClose((alias[i] as number) / n, p, 0, 5 * Math.sqrt((p * (1 - p)) / n));
    });
    expect(alias[1]).toBe(0);
  });

  it('rejects impossible parameters', () => {
    const r = createRandom(1);
    expect(() => r.poisson(-1)).toThrow(/lambda/);
    expect(() => r.binomial(2.5, 0.1)).toThrow(/^n:/);
    expect(() => r.weightedIndex([0, 0])).toThrow(/weights/);
    expect(() => aliasSampler([1, Number.NaN])).toThrow(/weights\[1\]/);
  });
});
