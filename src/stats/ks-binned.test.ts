import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { ksBinned } from './ks-binned.js';
import { ksTwoSample } from './ks-two-sample.js';
import { StatsInputError } from './stats-input-error.js';

describe('ksBinned', () => {
  it('equals the raw two-sample test when every value sits on its own bin', () => {
    // Values 0..4 with these multiplicities, as raw samples and as counts per value.
    const a = [3, 0, 2, 4, 1];
    const b = [1, 2, 2, 1, 4];
    const raw = (counts: number[]): number[] => counts.flatMap((c, v) => Array<number>(c).fill(v));
    const binned = ksBinned(a, b);
    const exact = ksTwoSample(raw(a), raw(b));
    expectClose(binned.statistic, exact.statistic, 1e-15);
    expectClose(binned.pValue, exact.pValue, 1e-12);
  });

  it('reads 0 for the same shape at any scale and 1 for disjoint supports', () => {
    expect(ksBinned([1, 2, 3], [10, 20, 30]).statistic).toBeCloseTo(0, 15);
    expect(ksBinned([5, 0], [0, 7]).statistic).toBe(1);
  });

  it('refuses bad counts with the field named', () => {
    expect(() => ksBinned([1, Number.NaN], [1, 1])).toThrow(StatsInputError);
    expect(() => ksBinned([1, 1], [0, 0])).toThrow(/countsB: needs a positive total/);
    expect(() => ksBinned([1], [1, 1])).toThrow(/countsB: must have as many bins/);
  });
});
