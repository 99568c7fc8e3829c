import { describe, expect, it } from 'vitest';

import { coverage, normalizedEntropy, topItemShare } from './diversity.js';

describe('diversity', () => {
  it('measures uniform, collapsed and empty distributions', () => {
    const uniform = new Map([
      ['a', 5],
      ['b', 5],
      ['c', 5],
      ['d', 5],
    ]);
    expect(normalizedEntropy(uniform)).toBeCloseTo(1, 12);
    expect(topItemShare(uniform)).toBe(0.25);
    expect(coverage(uniform, 8)).toBe(0.5);
    const collapsed = new Map([
      ['a', 97],
      ['b', 1],
      ['c', 1],
      ['d', 1],
    ]);
    expect(normalizedEntropy(collapsed)).toBeLessThan(0.15);
    expect(topItemShare(collapsed)).toBe(0.97);
    expect(normalizedEntropy(new Map())).toBeNaN();
    expect(coverage(uniform, 0)).toBeNaN();
  });
});
