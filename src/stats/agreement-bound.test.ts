import { describe, expect, it } from 'vitest';
import { agreementBounds } from './agreement-bound.js';
import { createRandom } from './random.js';

describe('agreementBounds', () => {
  it('matches the Wilson interval for a proportion', () => {
    // 0 of 30: upper = z^2 / (n + z^2).
    expect(agreementBounds(0, 30).upper).toBeCloseTo(2.576 ** 2 / (30 + 2.576 ** 2), 10);
    expect(agreementBounds(1, 30).lower).toBeCloseTo(30 / (30 + 2.576 ** 2), 10);
    const { lower, upper } = agreementBounds(0.5, 100, 1.96);
    expect(lower).toBeCloseTo(0.4038, 3);
    expect(upper).toBeCloseTo(0.5962, 3);
  });

  it('says nothing without observations', () => {
    expect(agreementBounds(0.2, 0)).toEqual({ lower: 0, upper: 1 });
  });

  it('covers the mean of a bounded, non-Bernoulli variable at least at its level', () => {
    // Jaccard-like values uniform on [0.6, 1]: mean 0.8, far less spread than a 0/1 variable.
    const random = createRandom(7);
    let misses = 0;
    const trials = 4_000;
    for (let t = 0; t < trials; t += 1) {
      let sum = 0;
      for (let i = 0; i < 30; i += 1) sum += 0.6 + 0.4 * random.next();
      const { lower, upper } = agreementBounds(sum / 30, 30);
      if (lower > 0.8 || upper < 0.8) misses += 1;
    }
    expect(misses / trials).toBeLessThan(0.01);
  });
});
