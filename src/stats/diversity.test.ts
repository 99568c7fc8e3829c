import { describe, expect, it } from 'vitest';

import { coverage, normalizedEntropy, topItemShare } from './diversity.js';
import { expectClose } from './expect-close.test-support.js';

describe('diversity', () => {
  it('matches the published check [.85, .05, .05, .05] → 0.4238', () => {
    const h = -(0.85 * Math.log(0.85) + 3 * 0.05 * Math.log(0.05)) / Math.log(4);
    expectClose(normalizedEntropy([0.85, 0.05, 0.05, 0.05]), h, 1e-14);
    expectClose(normalizedEntropy([0.85, 0.05, 0.05, 0.05]), 0.4238, 0, 5e-5);
    expectClose(
      normalizedEntropy(
        new Map([
          ['a', 85],
          ['b', 5],
          ['c', 5],
          ['d', 5],
        ]),
      ),
      h,
      1e-14,
    );
  });

  it.each([
    ['uniform', [5, 5, 5, 5], 1, 0.25],
    ['collapsed', [97, 1, 1, 1], 0.12097036642660543, 0.97],
    ['single item', [7], 0, 1],
  ])('%s', (_name, counts, entropy, top) => {
    expectClose(normalizedEntropy(counts), entropy, 0, 5e-6);
    expect(topItemShare(counts)).toBe(top);
  });

  it('measures coverage of a catalogue and returns NaN with nothing to measure', () => {
    expect(coverage([3, 0, 1, 2], 8)).toBe(3 / 8);
    expect(coverage(new Map([['a', 1]]), 0)).toBeNaN();
    expect(normalizedEntropy([])).toBeNaN();
    expect(topItemShare(new Map())).toBeNaN();
  });
});
