import { describe, expect, it } from 'vitest';

import { expectClose } from './expect-close.test-support.js';
import { horizonTestLogE, withHorizonTest } from './horizon-test.js';
import { normalQuantile } from './normal.js';

describe('horizonTestLogE', () => {
  it('is ln(1/level) at or past the one-sided critical value and −∞ below it', () => {
    const level = 1 / 600;
    const b = normalQuantile(1 - level); // 2.9352
    expectClose(b, 2.935199468866699, 1e-9);
    expect(horizonTestLogE(b, level)).toBeCloseTo(Math.log(600), 12);
    expect(horizonTestLogE(5, level)).toBeCloseTo(Math.log(600), 12);
    expect(horizonTestLogE(b - 1e-6, level)).toBe(Number.NEGATIVE_INFINITY);
    expect(horizonTestLogE(-3, level)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('names the field on bad input', () => {
    expect(() => horizonTestLogE(1, 0)).toThrow(/^level:/);
    expect(() => horizonTestLogE(Number.NaN, 0.01)).toThrow(/^z:/);
    expect(() => withHorizonTest(0, undefined, 1)).toThrow(/^weight:/);
  });
});

describe('withHorizonTest', () => {
  it('averages the two e-values with the weights, the horizon test 0 before its look', () => {
    expectClose(withHorizonTest(Math.log(40), undefined, 0.5), Math.log(20), 1e-12);
    expectClose(withHorizonTest(Math.log(40), Number.NEGATIVE_INFINITY, 0.5), Math.log(20), 1e-12);
    expectClose(withHorizonTest(Math.log(40), Math.log(200), 0.5), Math.log(120), 1e-12);
    expectClose(withHorizonTest(Math.log(40), Math.log(200), 0.25), Math.log(0.75 * 40 + 0.25 * 200), 1e-12);
  });

  it('lets a horizon rejection alone reach 1/alpha when its level is alpha times its weight', () => {
    const alpha = 0.01;
    const weight = 0.5;
    const logE = withHorizonTest(Number.NEGATIVE_INFINITY, horizonTestLogE(4, alpha * weight), weight);
    expectClose(logE, Math.log(1 / alpha), 1e-12);
  });
});
