import { describe, expect, it } from 'vitest';

import { AlwaysValidPValue } from './always-valid-p-value.js';
import { expectClose } from './expect-close.test-support.js';
import { msprtProportions } from './msprt-proportions.js';

describe('AlwaysValidPValue', () => {
  it('keeps p_n = min(p_{n−1}, 1/E_n) and the intersection of confidence sequences', () => {
    const p = new AlwaysValidPValue({ alpha: 0.05 });
    expect(p.pValue).toBe(1);
    expect(p.observe({ logE: Math.log(4), confidenceSequence: [-1, 3] })).toBeCloseTo(0.25, 15);
    expect(p.observe({ logE: Math.log(2), confidenceSequence: [-2, 2] })).toBeCloseTo(0.25, 15);
    expect(p.observe({ logE: Math.log(10), confidenceSequence: [0.5, 4] })).toBeCloseTo(0.1, 15);
    expect(p.confidenceSequence).toEqual([0.5, 2]);
    expect(p.rejected).toBe(false);
    expect(p.observe({ logE: Math.log(25) })).toBeCloseTo(0.04, 15);
    expect(p.rejected).toBe(true);
    expect(p.observe({ logE: -3 })).toBeCloseTo(0.04, 15); // evidence never decreases
    expect(p.looks).toBe(5);
  });

  it('accepts mSPRT and counting-process results directly', () => {
    const p = new AlwaysValidPValue({ alpha: 0.05 });
    const r = msprtProportions({
      baseline: { events: 30, n: 1000 },
      candidate: { events: 50, n: 1000 },
      tau2: 0.001,
      alpha: 0.05,
    });
    expectClose(p.observe(r), r.pValue, 1e-15);
    expect(p.confidenceSequence).toEqual(r.confidenceSequence);
    expectClose(p.observe({ logEValue: 5 }), Math.exp(-5), 1e-15);
  });

  it('round-trips through JSON so a restarted controller resumes', () => {
    const p = new AlwaysValidPValue({ alpha: 0.01 });
    p.observe({ logLambda: 2.5, confidenceSequence: [Number.NEGATIVE_INFINITY, 0.3] });
    p.observe({ logLambda: 1 });
    const text = JSON.stringify(p);
    expect(JSON.parse(text)).toEqual({
      alpha: 0.01,
      pValue: Math.exp(-2.5),
      maxLogE: 2.5,
      looks: 2,
      confidenceSequence: [null, 0.3],
    });
    const resumed = AlwaysValidPValue.from(JSON.parse(text));
    expect(resumed.pValue).toBe(p.pValue);
    expect(resumed.confidenceSequence).toEqual([Number.NEGATIVE_INFINITY, 0.3]);
    expect(resumed.looks).toBe(2);
    resumed.observe({ logE: 5 });
    expect(resumed.rejected).toBe(true);
  });

  it('keeps an infinite e-value serializable', () => {
    const p = new AlwaysValidPValue({ alpha: 0.05 });
    p.observe({ logE: Number.POSITIVE_INFINITY });
    expect(p.pValue).toBe(0);
    expect(AlwaysValidPValue.from(JSON.parse(JSON.stringify(p))).rejected).toBe(true);
  });

  it('names the field on bad input', () => {
    expect(() => new AlwaysValidPValue({ alpha: 1 })).toThrow(/^alpha:/);
    expect(() => new AlwaysValidPValue({ alpha: 0.05 }).observe({})).toThrow(/look\.logE/);
    expect(() =>
      AlwaysValidPValue.from({
        alpha: 0.05,
        pValue: 1,
        maxLogE: -1,
        looks: 0,
        confidenceSequence: [null, null],
      }),
    ).toThrow(/maxLogE/);
  });
});
