import { describe, expect, it } from 'vitest';

import { createRandom } from '../../stats/random.js';
import { StatsInputError } from '../../stats/stats-input-error.js';
import { categorySplitTest, gTestPooled } from '../../stats/index.js';
import { homogeneityP } from './homogeneity.js';

/** The p-value on the full table, categories empty on both arms included. */
function onFullTable(c: number[], b: number[]): number {
  return Math.min(1, 2 * Math.min(gTestPooled(c, b).pValue, categorySplitTest(c, b).pValue));
}

describe('homogeneityP', () => {
  it('reads the same, to the last bit, with the categories neither arm saw left out', () => {
    const random = createRandom(5);
    for (let table = 0; table < 200; table++) {
      // A sparse catalogue: most of it unseen on both arms, as on a short span of a 5 % canary.
      const c = Array.from({ length: 300 }, (_, i) =>
        random.next() < 0.1 ? random.poisson(50 / (i + 1)) : 0,
      );
      const b = Array.from({ length: 300 }, (_, i) =>
        random.next() < 0.2 ? random.poisson(900 / (i + 1)) : 0,
      );
      if (table % 2) c[3] = c[3]! + random.poisson(20); // a shift onto one item, half the time
      expect(homogeneityP(c, b)).toBe(onFullTable(c, b));
    }
  });

  it('names a bad count by its place in the table as given', () => {
    expect(() => homogeneityP([0, 0, 5, -1], [0, 0, 9, 4])).toThrow(StatsInputError);
    expect(() => homogeneityP([0, 0, 5, -1], [0, 0, 9, 4])).toThrow(/countsA\[3\]/);
  });
});
