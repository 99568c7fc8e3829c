import { describe, expect, it } from 'vitest';

import { categorySplitTest } from './category-split-test.js';
import { gTestPooled } from './g-test-pooled.js';
import { createRandom } from './random.js';

describe('categorySplitTest', () => {
  it('finds a mass moved onto one rare category that pooling hides from the chi-square', () => {
    // 50 candidate predictions of one item the baseline's 950 barely show (1 of 950), among 20
    // items with 45–50 baseline predictions each: the item's column has expected 2.55 on the
    // candidate, below the pooling threshold.
    const base = [...Array.from({ length: 19 }, () => 50), 1];
    const cand = [...Array.from({ length: 19 }, () => 0), 50];
    const split = categorySplitTest(cand, base);
    expect(split.category).toBe(19);
    // Binomial(51, r), r = 50/1,001: P(X ≥ 50) = 51·r^50·(1 − r) + r^51, doubled, × 20 categories.
    const r = 50 / 1001;
    const tail = 51 * r ** 50 * (1 - r) + r ** 51;
    expect(split.pValue / (40 * tail)).toBeCloseTo(1, 6);
    expect(gTestPooled(cand, base).pValue).toBeGreaterThan(split.pValue * 1e30);
  });

  it('reads a category 3 sd or less from the share as p = 1, and a missing category by its lower tail', () => {
    expect(categorySplitTest([5, 5], [95, 95]).pValue).toBe(1);
    // 200 baseline predictions of an item the candidate never made, at a 5 % share: 0.95^200.
    const r = categorySplitTest([0, 20], [200, 180]);
    expect(r.category).toBe(0);
    expect(r.pValue).toBeCloseTo(2 * 2 * (380 / 400) ** 200, 12);
  });

  it('keeps its level on one distribution (2,000 draws of a sparse 5 % canary table)', () => {
    const random = createRandom(7);
    const p = Array.from({ length: 200 }, (_, i) => 1 / (i + 1));
    const sum = p.reduce((a, b) => a + b, 0);
    let rejected = 0;
    for (let run = 0; run < 2000; run++) {
      const a = new Array<number>(p.length).fill(0);
      const b = new Array<number>(p.length).fill(0);
      for (let i = 0; i < 1000; i++) {
        let u = random.next() * sum;
        let k = 0;
        while (k < p.length - 1 && (u -= p[k]!) > 0) k++;
        if (random.bernoulli(0.05)) a[k]!++;
        else b[k]!++;
      }
      if (a.some((x) => x > 0) && categorySplitTest(a, b).pValue <= 0.05) rejected++;
    }
    expect(rejected / 2000).toBeLessThanOrEqual(0.05);
  });

  it('refuses a count that is not one, naming it', () => {
    expect(() => categorySplitTest([1, Number.NaN], [1, 1])).toThrow(/countsA\[1\]/);
    expect(() => categorySplitTest([0, 0], [1, 1])).toThrow(/countsA/);
  });
});

describe('gTestPooled', () => {
  it('pools categories with an expected count below 5 on the smaller sample, by totals alone', () => {
    // 55 a side: columns of 6 and 4 in all expect 3 and 2 a side, pooled into one of 10 (5 a side).
    expect(gTestPooled([40, 10, 3, 2], [40, 10, 3, 2]).df).toBe(2);
    expect(gTestPooled([40, 10, 3, 2], [40, 10, 3, 2], 1).df).toBe(3);
  });

  it('joins a pooled cell still too small to the smallest kept column', () => {
    // Smaller sample 100 of 1,100: only columns of ≥ 55 in all are kept; the rest (10) joins one.
    const r = gTestPooled([50, 45, 5], [500, 495, 5]);
    expect(r.df).toBe(1);
  });
});
