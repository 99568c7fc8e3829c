import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { logGamma } from './log-gamma.js';
import { createRandom } from './random.js';
import { rarefiedEntropy, shannonEntropy } from './rarefied-entropy.js';
import { StatsInputError } from './stats-input-error.js';

/** The expectation by brute force: every subset of size n of a small multiset. */
function bruteForce(counts: number[], n: number): number {
  const items = counts.flatMap((c, i) => Array<number>(c).fill(i));
  let sum = 0;
  let subsets = 0;
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === n) {
      const tally = new Map<number, number>();
      for (const j of chosen) tally.set(items[j]!, (tally.get(items[j]!) ?? 0) + 1);
      sum += shannonEntropy([...tally.values()]);
      subsets++;
      return;
    }
    for (let j = start; j < items.length; j++) pick(j + 1, [...chosen, j]);
  };
  pick(0, []);
  return sum / subsets;
}

describe('rarefiedEntropy', () => {
  it('equals the exact expectation over every subset', () => {
    for (const [counts, n] of [
      [[5, 3, 1], 4],
      [[6, 2, 2, 1], 3],
      [[4, 4], 5],
      [[7, 1, 1, 1, 1], 6],
    ] as const) {
      expectClose(rarefiedEntropy([...counts], n), bruteForce([...counts], n), 1e-12);
    }
  });

  it('takes items expected often from their moments, as close as the full pmf sum', () => {
    // Every item here is expected ≥ 100 times in 600 draws; the sum over each pmf done in full.
    const counts = [3000, 2000, 1000, 20, 7];
    const n = 600;
    const total = counts.reduce((a, b) => a + b, 0);
    const logChoose = (a: number, b: number): number =>
      logGamma(a + 1) - logGamma(b + 1) - logGamma(a - b + 1);
    let full = 0;
    for (const ni of counts)
      for (let k = 1; k <= Math.min(ni, n); k++)
        full -=
          Math.exp(logChoose(ni, k) + logChoose(total - ni, n - k) - logChoose(total, n)) *
          (k / n) *
          Math.log(k / n);
    // The first neglected Taylor term is ≈ 1/(4·n·mean) ≈ 2e-6 nats per item at these means.
    expectClose(rarefiedEntropy(counts, n), full, 1e-5);
  });

  it('is the plug-in entropy when nothing is left out, and 0 for one draw', () => {
    expectClose(rarefiedEntropy([30, 10, 10], 50), shannonEntropy([30, 10, 10]), 1e-15);
    expect(rarefiedEntropy([30, 10, 10], 1)).toBe(0);
  });

  it("matches a sample's expected plug-in entropy at its size: both arms read alike", () => {
    // 190 000 baseline draws rarefied to 100 against the mean plug-in entropy of 100-draw samples.
    const random = createRandom(3);
    const weights = Array.from({ length: 500 }, (_, i) => 1 / (i + 1) ** 1.05);
    const total = weights.reduce((a, b) => a + b, 0);
    const draw = (): number => {
      let u = random.next() * total;
      for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) <= 0) return i;
      return weights.length - 1;
    };
    const big = new Array<number>(500).fill(0);
    for (let i = 0; i < 190_000; i++) big[draw()]!++;
    let mean = 0;
    const reps = 400;
    for (let r = 0; r < reps; r++) {
      const small = new Map<string, number>();
      for (let i = 0; i < 100; i++) {
        const k = String(draw());
        small.set(k, (small.get(k) ?? 0) + 1);
      }
      mean += shannonEntropy(small) / reps;
    }
    const rarefied = rarefiedEntropy(big, 100);
    // The plug-in of the full baseline reads ~0.9 nats higher: the bias rarefaction removes.
    expect(shannonEntropy(big) - rarefied).toBeGreaterThan(0.5);
    expectClose(rarefied / mean, 1, 0, 0.01);
  });

  it('refuses bad counts and sizes with the field named', () => {
    expect(() => rarefiedEntropy([3, Number.NaN], 2)).toThrow(StatsInputError);
    expect(() => rarefiedEntropy([3, -1], 2)).toThrow(/counts\[1\]: must be a finite count ≥ 0/);
    expect(() => rarefiedEntropy([3, 1], 5)).toThrow(/n: must be at most the total count 4/);
    expect(() => rarefiedEntropy([3, 1], 0)).toThrow(/n: must be a whole number ≥ 1/);
    expect(Number.isNaN(shannonEntropy([0, 0]))).toBe(true);
  });
});
