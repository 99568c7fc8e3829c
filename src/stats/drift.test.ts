import { describe, expect, it } from 'vitest';

import { chiSquareHomogeneity } from './chi-square-homogeneity.js';
import { expectClose } from './expect-close.test-support.js';
import { jensenShannonDistance } from './jensen-shannon-distance.js';
import { ksTwoSample } from './ks-two-sample.js';
import { psi } from './psi.js';

describe('psi', () => {
  it('matches the published check p = [.25 ×4], q = [.1, .2, .3, .4] → 0.228217', () => {
    expectClose(psi([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]), 0.22821740957339182, 1e-12);
    expectClose(psi([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]), 0.228217, 0, 5e-7);
  });

  it('accepts counts, floors empty bins, and is symmetric', () => {
    // numpy: proportions floored at 1e-4, Σ (q − p)·ln(q/p).
    expectClose(psi([120, 90, 40, 0, 10], [100, 110, 35, 3, 2]), 0.13742731532705976, 1e-12);
    expectClose(psi([100, 110, 35, 3, 2], [120, 90, 40, 0, 10]), 0.13742731532705976, 1e-12);
    expect(psi([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(Number.isFinite(psi([1, 0], [0, 1]))).toBe(true);
    expect(psi([1, 0], [0, 1], { floor: 1e-2 })).toBeLessThan(psi([1, 0], [0, 1]));
  });

  it('names bad input', () => {
    expect(() => psi([1, 2], [1])).toThrow(/^actual: must have as many bins/);
    expect(() => psi([0, 0], [1, 1])).toThrow(/^expected: needs a positive total/);
    expect(() => psi([1, -1], [1, 1])).toThrow(/expected\[1\]/);
  });
});

describe('jensenShannonDistance', () => {
  it('matches the published check (natural log) → 0.166930 and scipy', () => {
    expectClose(
      jensenShannonDistance([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]),
      0.16692996572597962,
      1e-12,
    );
    expectClose(
      jensenShannonDistance([120, 90, 40, 0, 10], [100, 110, 35, 3, 2]),
      0.11687992981047277,
      1e-12,
    );
  });

  it('is 0 for equal, sqrt(ln 2) for disjoint distributions', () => {
    expect(jensenShannonDistance([3, 1], [6, 2])).toBe(0);
    expectClose(jensenShannonDistance([1, 0], [0, 1]), Math.sqrt(Math.LN2), 1e-15);
  });
});

describe('chiSquareHomogeneity', () => {
  // R: chisq.test(rbind(a, b), correct = FALSE).
  it.each([
    [[120, 90, 40, 0, 10], [100, 110, 35, 3, 2], 12.293496503496501, 4, 0.01529711870189281],
    [[30, 20], [10, 25], 8.1626984126984077, 1, 0.0042760703036015882],
    [[5000, 3000, 1500, 500], [260, 150, 70, 20], 1.6602379360002073, 3, 0.64580968560621743],
    // An empty category is dropped: R on rbind(c(7, 3), c(5, 9)).
    [[7, 0, 3], [5, 0, 9], 2.7428571428571429, 1, 0.097689959346157373],
  ])('%j vs %j matches R', (a, b, statistic, df, p) => {
    const r = chiSquareHomogeneity(a, b);
    expectClose(r.statistic, statistic, 1e-12);
    expect(r.df).toBe(df);
    expectClose(r.pValue, p, 1e-10);
  });

  it('is 0 with one category and names bad input', () => {
    expect(chiSquareHomogeneity([5, 0], [3, 0])).toEqual({ statistic: 0, df: 0, pValue: 1 });
    expect(() => chiSquareHomogeneity([0, 0], [1, 2])).toThrow(/^countsA:/);
    expect(() => chiSquareHomogeneity([1, Number.NaN], [1, 2])).toThrow(/countsA\[1\]/);
  });
});

describe('ksTwoSample', () => {
  // R 4.2.2: ks.test(x, y, exact = FALSE); R sums the Kolmogorov series to a 1e-6 tolerance.
  it('matches R on generated series', () => {
    const x = Array.from(
      { length: 60 },
      (_, i) => Math.round((Math.sin(i + 1) * 10 + ((i + 1) % 4)) * 100) / 100,
    );
    const y = Array.from({ length: 45 }, (_, i) => Math.round((Math.cos(i + 1) * 10 + 1.5) * 100) / 100);
    const r = ksTwoSample(x, y);
    expectClose(r.statistic, 0.08333333333333337, 1e-12);
    expectClose(r.pValue, 0.99407397285208177, 0, 1e-6);
  });

  it.each([
    [
      [
        0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77,
        1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47,
      ],
      [
        2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7,
        0.52, -0.71,
      ],
      0.23,
      0.59919559241199205,
    ],
    // R prints 0.350625 here: below x = 1 it sums only two terms of the theta series (tol 1e-6);
    // the full series (mpmath, scipy.special.kolmogorov) gives 0.350617804788653.
    [[1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5, 5, 6], 0.4821428571428571, 0.350617804788653],
  ])('matches R with and without ties (%#)', (x, y, d, p) => {
    const r = ksTwoSample(x, y);
    expectClose(r.statistic, d, 1e-12);
    expectClose(r.pValue, p, 0, 1e-6);
  });

  it('gives D = 1 for separated samples and names bad input', () => {
    expect(ksTwoSample([1, 2, 3], [10, 11]).statistic).toBe(1);
    expect(() => ksTwoSample([], [1])).toThrow(/^x:/);
  });
});
