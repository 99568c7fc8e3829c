import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';

import { BlockedShareEProcess, DEFAULT_ODDS_GRID, sumsSince } from './blocked-share-e-process.js';
import { binShift, pooledExceedances } from './pooled-exceedances.js';
import { createRandom } from './random.js';

const choose = (n: number, k: number): number => {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
};

describe('BlockedShareEProcess', () => {
  it('has expectation exactly 1 at the null share and below 1 under it, summed over the binomial', () => {
    for (const alternative of ['greater', 'less'] as const) {
      const test = new BlockedShareEProcess(alternative);
      for (const [k, rho] of [
        [5, 0.0732],
        [40, 0.05],
        [12, 0.5],
      ] as const) {
        const expectation = (share: number): number => {
          let total = 0;
          for (let x = 0; x <= k; x++) {
            const sums = test.empty();
            test.addBlock(sums, x, k - x, rho);
            total += choose(k, x) * share ** x * (1 - share) ** (k - x) * Math.exp(test.logE(sums));
          }
          return total;
        };
        expect(expectation(rho)).toBeCloseTo(1, 10);
        const inside = alternative === 'greater' ? rho * 0.8 : Math.min(0.99, rho * 1.2);
        expect(expectation(inside)).toBeLessThan(1);
      }
    }
  });

  it('computes the documented example by hand', () => {
    const test = new BlockedShareEProcess('greater');
    const sums = test.empty();
    const rho = 30 / 410;
    test.addBlock(sums, 3, 2, rho);
    const byHand = DEFAULT_ODDS_GRID.reduce((s, psi) => s + psi ** 3 / (1 + rho * (psi - 1)) ** 5, 0) / 8;
    expect(test.logE(sums)).toBeCloseTo(Math.log(byHand), 12);
    expect(Math.exp(test.logE(sums))).toBeCloseTo(50.89, 2);
    expect(test.logE(sumsSince(sums, sums))).toBe(0);
  });

  it('keeps its level when shares and event rates move together block by block (300 runs × 600 blocks)', () => {
    const random = createRandom('blocked-aa');
    const test = new BlockedShareEProcess('greater');
    let alarms = 0;
    for (let run = 0; run < 300; run++) {
      const sums = test.empty();
      let max = 0;
      for (let b = 0; b < 600; b++) {
        // Weight steps and a shared burst: the split and the event rate change over time.
        const share = b < 200 ? 0.05 : b < 400 ? 0.25 : 0.5;
        const events = random.poisson(b >= 300 && b < 360 ? 30 : 3);
        const tested = random.binomial(events, share);
        test.addBlock(sums, tested, events - tested, share);
        max = Math.max(max, test.logE(sums));
      }
      if (max >= Math.log(1 / 0.05)) alarms++;
    }
    expect(alarms / 300).toBeLessThanOrEqual(0.05);
  });

  /** P(X = x) for X ~ Hypergeometric(k draws, a marked of a + b), by the definition. */
  const hypergeometric = (x: number, k: number, a: number, b: number): number =>
    (choose(a, x) * choose(b, k - x)) / choose(a + b, k);

  it('has expectation exactly 1 at the null, summed over the hypergeometric, and below 1 under it (drawn blocks)', () => {
    for (const alternative of ['greater', 'less'] as const) {
      const test = new BlockedShareEProcess(alternative);
      for (const [k, a, b] of [
        [5, 30, 380],
        [52, 50, 950],
        [12, 20, 20],
        [40, 10, 45],
      ] as const) {
        const lr = (x: number): number => {
          const sums = test.empty();
          test.addDrawnBlock(sums, x, k - x, a, b);
          return Math.exp(test.logE(sums));
        };
        let atNull = 0;
        let inside = 0;
        // Inside the null: the tested arm's count is the null's tilted away from the alternative.
        const tilt = alternative === 'greater' ? 0.7 : 1.4;
        let norm = 0;
        for (let x = Math.max(0, k - b); x <= Math.min(k, a); x++) {
          const p = hypergeometric(x, k, a, b);
          atNull += p * lr(x);
          inside += p * tilt ** x * lr(x);
          norm += p * tilt ** x;
        }
        expect(atNull).toBeCloseTo(1, 9);
        expect(inside / norm).toBeLessThan(1);
      }
    }
  });

  it('reads more evidence from a drawn block than the binomial bound at the same share', () => {
    const test = new BlockedShareEProcess('greater');
    for (let x = 0; x <= 20; x++) {
      const drawn = test.empty();
      const binomial = test.empty();
      test.addDrawnBlock(drawn, x, 52 - x, 50, 950);
      test.addBlock(binomial, x, 52 - x, 50 / 1000);
      expect(test.logE(drawn)).toBeGreaterThan(test.logE(binomial));
    }
  });

  it('stays finite and exact at counts far beyond a second of canary traffic', () => {
    const test = new BlockedShareEProcess('greater');
    const [k, a, b, x] = [5000, 2500, 7500, 1400];
    const sums = test.empty();
    test.addDrawnBlock(sums, x, k - x, a, b);
    // The same by brute force: every term of the support, ln P(v) by its ratio to ln P(v − 1).
    const logP = [0];
    for (let v = 0; v < Math.min(k, a); v++)
      logP.push(logP[v]! + Math.log(((a - v) * (k - v)) / ((v + 1) * (b - k + v + 1))));
    const logSum = (ls: number[]): number => {
      const max = Math.max(...ls);
      return max + Math.log(ls.reduce((t, l) => t + Math.exp(l - max), 0));
    };
    const norm = logSum(logP);
    const byHand = DEFAULT_ODDS_GRID.map(
      (psi) => x * Math.log(psi) - (logSum(logP.map((l, v) => l + v * Math.log(psi))) - norm),
    );
    expect(sums.every(Number.isFinite)).toBe(true);
    sums.forEach((s, j) => expect(s).toBeCloseTo(byHand[j]!, 6));
  });

  it('reads a drawn block with fractional counts (a weighted sketch) by the binomial bound', () => {
    const test = new BlockedShareEProcess('greater');
    const drawn = test.empty();
    const binomial = test.empty();
    test.addDrawnBlock(drawn, 2.5, 10, 20, 380.5);
    test.addBlock(binomial, 2.5, 10, 20 / 400.5);
    expect(drawn).toEqual(binomial);
  });

  it('rejects bad input with the field named', () => {
    expect(() => new BlockedShareEProcess('greater').addDrawnBlock([], 6, 0, 5, 10)).toThrow(/tested/);
    expect(() => new BlockedShareEProcess('greater').addDrawnBlock([], 1, 0, -5, 10)).toThrow(/testedTotal/);
    expect(() => new BlockedShareEProcess('greater', [0.9])).toThrow(/grid/);
    expect(() => new BlockedShareEProcess('greater').addBlock([], -1, 0, 0.1)).toThrow(/tested/);
    expect(() => new BlockedShareEProcess('greater').addBlock([], 1, 0, Number.NaN)).toThrow(/nullShare/);
  });
});

describe('pooledExceedances', () => {
  const sketchOf = (values: number[]): DDSketch => {
    const s = new DDSketch({ relativeAccuracy: 0.01 });
    for (const v of values) s.accept(v);
    return s;
  };

  it('divides in key space exactly: values scaled by gamma^s split like unscaled ones', () => {
    const random = createRandom('pooled');
    const base = Array.from({ length: 400 }, () => random.lognormal(Math.log(100), 0.4));
    const cand = Array.from({ length: 40 }, () => random.lognormal(Math.log(100), 0.4));
    const gamma = sketchOf([1]).mapping.gamma;
    const shift = binShift(sketchOf([1]), 1.3);
    expect(shift).toBe(14);
    expect(gamma ** shift).toBeGreaterThanOrEqual(1.3);
    const scaled = pooledExceedances(
      sketchOf(cand.map((v) => v * gamma ** shift)),
      sketchOf(base),
      0.95,
      shift,
    );
    const plain = pooledExceedances(sketchOf(cand), sketchOf(base), 0.95, 0);
    expect(scaled).toEqual(plain);
    expect(plain.tested + plain.other).toBeGreaterThanOrEqual(18);
    expect(plain.tested + plain.other).toBeLessThanOrEqual(26);
  });

  it('splits the events by share when both arms share one distribution (mean over 400 blocks)', () => {
    const random = createRandom('pooled-fair');
    let tested = 0;
    let events = 0;
    for (let b = 0; b < 400; b++) {
      const draw = (n: number): number[] =>
        Array.from({ length: n }, () => random.lognormal(Math.log(100), 0.4));
      const p = pooledExceedances(sketchOf(draw(50)), sketchOf(draw(450)), 0.95, 0);
      tested += p.tested;
      events += p.tested + p.other;
    }
    expect(tested / events).toBeGreaterThan(0.08);
    expect(tested / events).toBeLessThan(0.12);
  });

  it('counts the tied bin when nothing is above it', () => {
    const p = pooledExceedances(sketchOf(Array(200).fill(500)), sketchOf(Array(200).fill(100)), 0.95, 14);
    expect(p).toEqual({ tested: 200, testedTotal: 200, other: 0, otherTotal: 200 });
  });
});
