import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { mannWhitney } from './mann-whitney.js';

import type { MannWhitneyOptions } from './mann-whitney.js';

const seq = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const round1 = (v: number): number => Math.round(v * 10) / 10;

// Expected values: R 4.2.2, wilcox.test(x, y, conf.int = TRUE, exact = FALSE, correct = TRUE,
// conf.level, alternative, mu), printed with %.17g. The first row is also scipy's documented
// example (U = 17, p = 0.11134688653).
const cases: {
  name: string;
  x: number[];
  y: number[];
  options: MannWhitneyOptions;
  w: number;
  p: number;
  estimate: number;
  ci: [number, number];
}[] = [
  {
    name: 'scipy documentation example',
    x: [19, 22, 16, 29, 24],
    y: [20, 11, 17, 12],
    options: { confLevel: 0.95 },
    w: 17,
    p: 0.11134688653314045,
    estimate: 7,
    ci: [-1.0000730128628987, 17.000033106223174],
  },
  {
    name: 'scipy example at the 98 % default level',
    x: [19, 22, 16, 29, 24],
    y: [20, 11, 17, 12],
    options: {},
    w: 17,
    p: 0.11134688653314045,
    estimate: 7,
    ci: [-4, 18],
  },
  {
    name: 'heavy ties',
    x: [1, 2, 2, 3, 3, 3, 4, 5, 5, 9],
    y: [2, 3, 3, 4, 4, 6, 6, 6, 7, 8, 8],
    options: {},
    w: 32,
    p: 0.10911415867376527,
    estimate: -1.9999806488621283,
    ci: [-4.0000435720630323, 0.99997677101008398],
  },
  {
    name: 'one-sided greater with a null shift',
    x: [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
    y: [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
    options: { confLevel: 0.9, alternative: 'greater', mu: 0.1 },
    w: 56,
    p: 0.092436182403797446,
    estimate: 0.5600561608358734,
    ci: [0.23996100448624461, Number.POSITIVE_INFINITY],
  },
  {
    name: 'one-sided less',
    x: [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46],
    y: [1.15, 0.88, 0.9, 0.74, 1.21],
    options: { confLevel: 0.95, alternative: 'less' },
    w: 35,
    p: 0.90077534820399385,
    estimate: 0.30250833904157232,
    ci: [Number.NEGATIVE_INFINITY, 0.72001283728510745],
  },
  {
    name: 'latency-like series (R: round(100 + 10*sin(1:40) + (1:40 %% 7), 1) vs …)',
    x: seq(40).map((i) => round1(100 + 10 * Math.sin(i) + (i % 7))),
    y: seq(35).map((i) => round1(97 + 10 * Math.cos(i) + (i % 5))),
    options: {},
    w: 951,
    p: 0.007804474353681143,
    estimate: 4.7000336819290816,
    ci: [0.80002853005870722, 8.9999897915408589],
  },
  {
    name: 'interval at the search-range ends (R: wilcox.test(1, 2:60))',
    x: [1],
    y: seq(59).map((i) => i + 1),
    options: { confLevel: 0.95 },
    w: 0,
    p: 0.094022875902539105,
    estimate: -30,
    ci: [-59, -1],
  },
  {
    name: 'pure shift',
    x: [10, 11, 12, 13, 14, 15],
    y: [1, 2, 3, 4, 5, 6],
    options: {},
    w: 36,
    p: 0.005074868097940252,
    estimate: 9,
    ci: [5.0000105988098866, 12.999989401190119],
  },
  {
    name: 'no continuity correction',
    x: [19, 22, 16, 29, 24],
    y: [20, 11, 17, 12],
    options: { confLevel: 0.95, correct: false },
    w: 17,
    p: 0.086410732973700027,
    estimate: 7,
    ci: [-1.0000416195303066, 16.999958251085104],
  },
];

describe('mannWhitney matches R wilcox.test (asymptotic, corrected)', () => {
  it.each(cases)('$name', ({ x, y, options, w, p, estimate, ci }) => {
    const r = mannWhitney(x, y, options);
    expect(r.statistic).toBe(w);
    expectClose(r.pValue, p, 1e-12);
    expectClose(r.estimate, estimate, 1e-12, 1e-12);
    expectClose(r.confInt[0], ci[0], 1e-12, 1e-12);
    expectClose(r.confInt[1], ci[1], 1e-12, 1e-12);
  });

  it('the estimate lies near the Hodges-Lehmann median of pairwise differences', () => {
    const x = seq(40).map((i) => round1(100 + 10 * Math.sin(i) + (i % 7)));
    const y = seq(35).map((i) => round1(97 + 10 * Math.cos(i) + (i % 5)));
    const diffs = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
    const mid = diffs.length / 2;
    const hl = ((diffs[mid - 1] as number) + (diffs[mid] as number)) / 2;
    expect(Math.abs(mannWhitney(x, y).estimate - hl)).toBeLessThan(0.1);
  });

  it('swapping the samples mirrors statistic, estimate and interval', () => {
    const x = [19, 22, 16, 29, 24];
    const y = [20, 11, 17, 12];
    const a = mannWhitney(x, y);
    const b = mannWhitney(y, x);
    expect(a.statistic + b.statistic).toBe(x.length * y.length);
    expectClose(b.pValue, a.pValue, 1e-12);
    expectClose(b.estimate, -a.estimate, 1e-9, 1e-9);
  });

  it('rejects unusable input with the field named', () => {
    expect(() => mannWhitney([], [1])).toThrow(/^x: /);
    expect(() => mannWhitney([1], [Number.NaN])).toThrow(/y\[0\]/);
    expect(() => mannWhitney([1], [2], { confLevel: 1 })).toThrow(/confLevel/);
    expect(() => mannWhitney([3, 3], [3, 3, 3])).toThrow(/all observations are tied/);
  });
});
