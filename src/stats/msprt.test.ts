import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { growthbookRho, msprt } from './msprt.js';
import { momentsOf, msprtMeans } from './msprt-means.js';
import { msprtProportions } from './msprt-proportions.js';
import { normalSf } from './normal.js';
import { createRandom } from './random.js';

// Independent references: the mixture integral ∫ LR(δ)·prior(δ) dδ evaluated by mpmath
// quadrature at 40 digits (Gaussian LR exp((2δd − δ²)/(2S²)), normal or half-normal prior).
describe('msprt', () => {
  it("reproduces GrowthBook's rho = 0.039840 at alpha 0.05, N* = 5000", () => {
    expectClose(growthbookRho(0.05), 0.0398402, 0, 5e-7);
    expectClose(
      growthbookRho(0.05, 5000),
      Math.sqrt((-2 * Math.log(0.05) + Math.log(-2 * Math.log(0.05) + 1)) / 5000),
      1e-15,
    );
  });

  const caseA = {
    baseline: { events: 30, n: 1000 },
    candidate: { events: 50, n: 1000 },
    tau2: 0.001,
    alpha: 0.05,
  };

  it('computes Lambda by hand for 30/1000 vs 50/1000 (two-sided)', () => {
    const r = msprtProportions(caseA);
    // S² = .03·.97/1000 + .05·.95/1000 = 7.66e-5; Lambda = sqrt(S²/(S²+τ²))·exp(τ²d²/(2S²(S²+τ²))).
    expectClose(r.variance, 7.66e-5, 1e-12);
    expectClose(r.estimate, 0.02, 1e-12);
    const s2 = 7.66e-5;
    const byHand = Math.sqrt(s2 / (s2 + 0.001)) * Math.exp((0.001 * 0.02 ** 2) / (2 * s2 * (s2 + 0.001)));
    expectClose(r.lambda, byHand, 1e-12);
    expectClose(r.lambda, 3.0153411540454504, 1e-12); // quadrature
    expectClose(r.pValue, 1 / 3.0153411540454504, 1e-12);
    expect(r.reject).toBe(false);
    expectClose(r.confidenceSequence[0], -0.006684460456961443, 1e-10);
    expectClose(r.confidenceSequence[1], 0.046684460456961445, 1e-10);
  });

  it('matches the half-normal mixture integral for one-sided tests', () => {
    const greater = msprtProportions({ ...caseA, alternative: 'greater' });
    expectClose(greater.lambda, 5.947338734582688, 1e-12);
    expectClose(greater.confidenceSequence[0], -0.004460583721291216, 1e-9);
    expect(greater.confidenceSequence[1]).toBe(Number.POSITIVE_INFINITY);
    const less = msprtProportions({ ...caseA, alternative: 'less' });
    expectClose(less.lambda, 0.08334357350821293, 1e-12);
    expect(less.confidenceSequence[0]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects exactly when the null value leaves the confidence sequence', () => {
    for (const alternative of ['two-sided', 'greater', 'less'] as const) {
      for (const theta0 of [-0.03, -0.006, 0, 0.01, 0.03, 0.05]) {
        const r = msprtProportions({ ...caseA, alternative, theta0 });
        const [lo, hi] = r.confidenceSequence;
        expect(r.reject).toBe(theta0 < lo || theta0 > hi);
      }
    }
    // At the boundary Lambda is exactly 1/alpha.
    const g = msprtProportions({ ...caseA, alternative: 'greater' });
    const edge = msprtProportions({ ...caseA, alternative: 'greater', theta0: g.confidenceSequence[0] });
    expectClose(edge.lambda, 20, 1e-9);
  });

  it("equals GrowthBook's e-value and halfwidth with the default tau²", () => {
    const r = msprtProportions({
      baseline: { successes: 480, n: 5000 },
      candidate: { successes: 560, n: 5100 },
      alpha: 0.05,
    });
    const n = 10100;
    const rho = growthbookRho(0.05);
    const se2 = r.variance;
    // gbstats SequentialTwoSidedTTest: e = exp(rho²·st2/(2(n rho² + 1)))/sqrt(n rho² + 1), st2 = est²·n/se².
    const st2 = (r.estimate * r.estimate * n) / se2;
    const tr2p1 = n * rho * rho + 1;
    expectClose(
      r.pValue,
      Math.min(1, 1 / (Math.exp((rho * rho * st2) / (2 * tr2p1)) / Math.sqrt(tr2p1))),
      1e-12,
    );
    const half =
      Math.sqrt(se2 * n) * Math.sqrt((2 * tr2p1 * Math.log(Math.sqrt(tr2p1) / 0.05)) / (n * rho) ** 2);
    expectClose(r.confidenceSequence[1] - r.estimate, half, 1e-12);
    expectClose(r.tau2, rho * rho * n * se2, 1e-12);
  });

  it('tests means from moments, with a non-inferiority margin (quadrature references)', () => {
    // nA = 400, mean 250, var 900; nB = 380, mean 262.5, var 1100.
    const moments = (n: number, mean: number, variance: number) => ({
      n,
      sum: n * mean,
      sumSq: variance * (n - 1) + n * mean * mean,
    });
    const input = {
      baseline: moments(400, 250, 900),
      candidate: moments(380, 262.5, 1100),
      tau2: 4,
      alpha: 0.01,
    };
    const two = msprtMeans(input);
    expectClose(two.variance, 5.144736842105263, 1e-10);
    expectClose(two.lambda, 575.1635208583288, 1e-9);
    expect(two.reject).toBe(true);
    const margin = msprtMeans({ ...input, alternative: 'greater', margin: 5 });
    expect(margin.nullValue).toBe(5);
    expectClose(margin.lambda, 16.155769810683765, 1e-9);
    expect(margin.reject).toBe(false); // 16 < 1/0.01
    expect(momentsOf([1, 2, 3])).toEqual({ n: 3, sum: 6, sumSq: 14 });
  });

  it('tests relative differences with the delta-method variance', () => {
    const r = msprtProportions({
      baseline: { successes: 10_000, n: 100_000 },
      candidate: { successes: 9_000, n: 100_000 },
      alpha: 0.05,
      alternative: 'less',
      margin: 0.02,
      relative: true,
    });
    expectClose(r.estimate, -0.1, 1e-12);
    expectClose(r.variance, (0.09 * 0.91) / 100_000 / 0.01 + (0.0081 * 0.09) / 100_000 / 1e-4, 1e-12);
    expect(r.nullValue).toBe(-0.02);
    expect(r.reject).toBe(true);
    expect(r.confidenceSequence[1]).toBeLessThan(-0.02);
  });

  it('reads "no evidence" when there is nothing to compare', () => {
    const empty = msprtProportions({
      baseline: { events: 0, n: 0 },
      candidate: { events: 0, n: 10 },
      alpha: 0.05,
    });
    expect([empty.lambda, empty.pValue, empty.reject]).toEqual([1, 1, false]);
    expect(empty.estimate).toBeNaN();
    const zeroBaseline = msprtProportions({
      baseline: { events: 0, n: 50 },
      candidate: { events: 3, n: 50 },
      alpha: 0.05,
      relative: true,
    });
    expect(zeroBaseline.pValue).toBe(1);
    expect(
      msprtMeans({ baseline: { n: 1, sum: 1, sumSq: 1 }, candidate: { n: 5, sum: 5, sumSq: 6 }, alpha: 0.05 })
        .pValue,
    ).toBe(1);
    // 0 % vs 0 %: variance from the (x + ½)/(n + 1) floor, estimate 0, no evidence against the null.
    const clean = msprtProportions({
      baseline: { events: 0, n: 500 },
      candidate: { events: 0, n: 500 },
      alpha: 0.05,
    });
    expect(clean.variance).toBeGreaterThan(0);
    expect(clean.reject).toBe(false);
  });

  it('names the field on bad input', () => {
    expect(() => msprtProportions({ ...caseA, alpha: 0 })).toThrow(/^alpha:/);
    expect(() => msprtProportions({ ...caseA, margin: 0.01 })).toThrow(/margin: needs a one-sided/);
    expect(() => msprtProportions({ ...caseA, candidate: { events: 60, n: 50 } })).toThrow(
      /candidate\.events/,
    );
    expect(() => msprt({ estimate: 1, variance: 1, alpha: 0.05 })).toThrow(/sampleSize/);
    expect(() => msprt({ estimate: 1, variance: 1, alpha: 0.05, tau2: -1 })).toThrow(/tau2/);
    expect(() =>
      msprtMeans({
        ...caseA,
        baseline: { n: 3, sum: 1, sumSq: Number.NaN },
        candidate: { n: 3, sum: 1, sumSq: 1 },
      }),
    ).toThrow(/baseline\.sumSq/);
  });
});

describe('A/A simulation: 200 looks', () => {
  // 400 A/A experiments, error rate 5 % in both arms, 100 requests per arm between looks.
  const runs = 400;
  const looks = 200;
  const alpha = 0.05;
  const simulate = (alternative: 'two-sided' | 'greater') => {
    const random = createRandom(`aa-${alternative}`);
    let sequentialFalse = 0;
    let fixedFalse = 0;
    for (let run = 0; run < runs; run++) {
      let xA = 0;
      let xB = 0;
      let n = 0;
      let sequentialHit = false;
      let fixedHit = false;
      for (let look = 0; look < looks; look++) {
        xA += random.binomial(100, 0.05);
        xB += random.binomial(100, 0.05);
        n += 100;
        const r = msprtProportions({
          baseline: { events: xA, n },
          candidate: { events: xB, n },
          alpha,
          alternative,
        });
        if (r.reject) sequentialHit = true;
        const z = r.estimate / Math.sqrt(r.variance);
        const p = alternative === 'greater' ? normalSf(z) : 2 * normalSf(Math.abs(z));
        if (p < alpha) fixedHit = true;
      }
      if (sequentialHit) sequentialFalse++;
      if (fixedHit) fixedFalse++;
    }
    return { sequential: sequentialFalse / runs, fixed: fixedFalse / runs };
  };
  // Slack: three Monte Carlo standard errors at alpha (3·sqrt(.05·.95/400) ≈ 0.033).
  const slack = 3 * Math.sqrt((alpha * (1 - alpha)) / runs);

  it.each(['two-sided', 'greater'] as const)(
    '%s: always-valid stays ≤ alpha; a repeated z-test does not',
    (alternative) => {
      const { sequential, fixed } = simulate(alternative);
      expect(sequential).toBeLessThanOrEqual(alpha + slack);
      expect(fixed).toBeGreaterThan(3 * alpha);
    },
  );

  it('still detects a real doubling of the error rate', () => {
    const random = createRandom('power');
    let detected = 0;
    for (let run = 0; run < 100; run++) {
      let xA = 0;
      let xB = 0;
      let n = 0;
      for (let look = 0; look < looks; look++) {
        xA += random.binomial(100, 0.05);
        xB += random.binomial(100, 0.1);
        n += 100;
        if (
          msprtProportions({
            baseline: { events: xA, n },
            candidate: { events: xB, n },
            alpha,
            alternative: 'greater',
          }).reject
        ) {
          detected++;
          break;
        }
      }
    }
    expect(detected).toBeGreaterThanOrEqual(95);
  });
});
