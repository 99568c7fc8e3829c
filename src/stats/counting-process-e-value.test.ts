import { describe, expect, it } from 'vitest';

import { AlwaysValidPValue } from './always-valid-p-value.js';
import { countingProcessEValue } from './counting-process-e-value.js';
import { expectClose } from './expect-close.test-support.js';
import { createRandom } from './random.js';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
const choose = (n: number, k: number): number => factorial(n) / (factorial(k) * factorial(n - k));

describe('countingProcessEValue', () => {
  it('equals the direct Beta-function formula for small counts (uniform mixture)', () => {
    // B(1 + k, 1 + m) = k!·m!/(k + m + 1)!.
    for (const [m, k, rho] of [
      [20, 5, 0.05],
      [3, 0, 0.3],
      [0, 4, 0.5],
      [12, 12, 0.2],
    ] as const) {
      const direct = (factorial(k) * factorial(m)) / factorial(k + m + 1) / (rho ** k * (1 - rho) ** m);
      const r = countingProcessEValue({ baselineCount: m, candidateCount: k, candidateShare: rho });
      expectClose(r.eValue, direct, 1e-12);
      expectClose(r.logEValue, Math.log(direct), 1e-12, 1e-13);
    }
  });

  // References: ∫ prior(r)·(r/rho0)^N_B·((1−r)/(1−rho0))^N_A dr by mpmath quadrature (40 digits),
  // divided by the prior's mass on the alternative side for one-sided mixtures.
  it.each([
    [20, 5, 0.05, 1, 1, 'two-sided', 6.461966595760783],
    [20, 5, 0.05, 1, 1, 'greater', 6.791795161360383],
    [20, 5, 0.05, 1, 1, 'less', 0.1952238493683847],
    [95, 5, 0.05, 0.5, 9.5, 'two-sided', 0.2624650529225397],
    [95, 5, 0.05, 0.5, 9.5, 'greater', 0.3560905087972321],
    [300, 40, 0.1, 2, 18, 'greater', 0.7173199177125971],
  ] as const)(
    'N_A=%d N_B=%d rho0=%d Beta(%d, %d) %s matches numerical integration',
    (nA, nB, rho, a, b, alternative, e) => {
      const r = countingProcessEValue({
        baselineCount: nA,
        candidateCount: nB,
        candidateShare: rho,
        a,
        b,
        alternative,
      });
      expectClose(r.eValue, e, 1e-10);
    },
  );

  it('stays accurate in log space for millions of events (R lbeta/pbeta, mpmath)', () => {
    const two = countingProcessEValue({
      baselineCount: 2_000_000,
      candidateCount: 120_000,
      candidateShare: 0.05,
    });
    // ln E ≈ 927: sums of log-gammas near 3e7 leave ~1e-8 absolute rounding, E to ~1e-8 relative.
    expectClose(two.logEValue, 927.2608687155463, 0, 1e-7); // mpmath
    const greater = countingProcessEValue({
      baselineCount: 2_000_000,
      candidateCount: 120_000,
      candidateShare: 0.05,
      alternative: 'greater',
    });
    expectClose(greater.logEValue - two.logEValue, 927.31216200981544 - 927.26086871542793, 0, 1e-9); // R pbeta tail
  });

  it('has expectation exactly 1 under the null for a fixed number of events', () => {
    const n = 40;
    for (const alternative of ['two-sided', 'greater', 'less'] as const) {
      for (const [rho0, a, b] of [
        [0.1, 1, 1],
        [0.05, 0.5, 9.5],
        [0.3, 2, 3],
      ] as const) {
        let mean = 0;
        for (let k = 0; k <= n; k++) {
          const e = countingProcessEValue({
            baselineCount: n - k,
            candidateCount: k,
            candidateShare: rho0,
            a,
            b,
            alternative,
          }).eValue;
          mean += choose(n, k) * rho0 ** k * (1 - rho0) ** (n - k) * e;
        }
        expectClose(mean, 1, 1e-9);
      }
    }
    // One-sided: also ≤ 1 when the candidate gets less than its share (composite null).
    let mean = 0;
    for (let k = 0; k <= n; k++) {
      const e = countingProcessEValue({
        baselineCount: n - k,
        candidateCount: k,
        candidateShare: 0.1,
        alternative: 'greater',
      }).eValue;
      mean += choose(n, k) * 0.06 ** k * 0.94 ** (n - k) * e;
    }
    expect(mean).toBeLessThan(1);
  });

  it('keeps false alarms ≤ alpha over continuous monitoring, and detects errors 0.3 % → 5 %', () => {
    // 1,000 req/s, 5 % canary, error rate 0.3 % on both arms: looks every second for 10 minutes.
    const random = createRandom('counting-aa');
    const runs = 300;
    const alpha = 0.05;
    let falseAlarms = 0;
    for (let run = 0; run < runs; run++) {
      const p = new AlwaysValidPValue({ alpha });
      let nA = 0;
      let nB = 0;
      for (let second = 0; second < 600 && !p.rejected; second++) {
        nA += random.poisson(950 * 0.003);
        nB += random.poisson(50 * 0.003);
        p.observe(
          countingProcessEValue({
            baselineCount: nA,
            candidateCount: nB,
            candidateShare: 0.05,
            alternative: 'greater',
          }),
        );
      }
      if (p.rejected) falseAlarms++;
    }
    expect(falseAlarms / runs).toBeLessThanOrEqual(alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / runs));

    const detectSeconds: number[] = [];
    for (let run = 0; run < 100; run++) {
      const p = new AlwaysValidPValue({ alpha: 0.01 });
      let nA = 0;
      let nB = 0;
      let second = 0;
      while (!p.rejected && second < 600) {
        second++;
        nA += random.poisson(950 * 0.003);
        nB += random.poisson(50 * 0.05);
        p.observe(
          countingProcessEValue({
            baselineCount: nA,
            candidateCount: nB,
            candidateShare: 0.05,
            alternative: 'greater',
          }),
        );
      }
      detectSeconds.push(second);
    }
    detectSeconds.sort((x, y) => x - y);
    expect(detectSeconds[49]).toBeLessThanOrEqual(10);
    expect(detectSeconds[99]).toBeLessThan(600);
  });

  it('reads no events as no evidence, and names bad fields', () => {
    const none = countingProcessEValue({ baselineCount: 0, candidateCount: 0, candidateShare: 0.05 });
    expect([none.eValue, none.pValue]).toEqual([1, 1]);
    expect(none.observedShare).toBeNaN();
    expect(() =>
      countingProcessEValue({ baselineCount: -1, candidateCount: 0, candidateShare: 0.05 }),
    ).toThrow(/^baselineCount:/);
    expect(() => countingProcessEValue({ baselineCount: 1, candidateCount: 0, candidateShare: 1 })).toThrow(
      /^candidateShare:/,
    );
    expect(() =>
      countingProcessEValue({ baselineCount: 1, candidateCount: 0, candidateShare: 0.5, a: 0 }),
    ).toThrow(/^a:/);
  });
});
