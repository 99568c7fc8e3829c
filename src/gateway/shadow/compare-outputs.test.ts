import { describe, expect, it } from 'vitest';

import { compareOutputs } from './compare-outputs.js';

describe('compareOutputs', () => {
  const opts = { numericTolerance: 1e-3, topK: 2 };
  it.each([
    [{ a: [1, 2] }, { a: [1, 2] }, true, true],
    [{ a: [1, 2] }, { a: [1, 2.0001] }, false, true],
    [{ a: [1, 2] }, { a: [1, 2.1] }, false, false],
    [{ a: [1, 2] }, { a: [1] }, false, false],
    [{ a: NaN }, { a: NaN }, true, true],
    [{ a: 'x' }, { b: 'x' }, false, false],
  ])('%j vs %j', (a, b, exact, close) => {
    const c = compareOutputs(a, b, undefined, undefined, opts);
    expect([c.exact, c.withinTolerance]).toEqual([exact, close]);
  });

  it('measures top-k Jaccard and label agreement on predicted items', () => {
    const c = compareOutputs(null, null, ['a', 'b', 'c'], ['b', 'a', 'z'], opts);
    expect(c.jaccard).toBe(1); // top-2 sets {a,b} and {b,a}
    expect(c.labelAgreement).toBe(0);
  });
});
