import { describe, expect, it } from 'vitest';

import { plainClone } from './plain-clone.js';

describe('a deep copy of plain data', () => {
  it('copies as structuredClone does, sharing nothing with the original', () => {
    const state = {
      trigger: 'hard: error rate up > 50%',
      consecutive: 2,
      breachingSince: null,
      evidence: { alpha: 0.01, logE: -Infinity, best: 1 },
      checkpoints: [{ index: 3, at: 15_000, mark: [1, 2.5, NaN], count: undefined }],
      blocks: { to: 9000, sums: [0, 1e-300] },
      typed: new Float64Array([1, 2]),
    };
    const copy = plainClone(state);
    expect(copy).toStrictEqual(structuredClone(state));
    expect(Object.keys(copy.checkpoints[0]!)).toEqual(['index', 'at', 'mark', 'count']);
    expect(copy.typed).toBeInstanceOf(Float64Array);
    copy.checkpoints[0]!.mark[0] = 7;
    copy.blocks.sums.push(3);
    copy.typed[0] = 9;
    expect(state.checkpoints[0]!.mark[0]).toBe(1);
    expect(state.blocks.sums).toEqual([0, 1e-300]);
    expect(state.typed[0]).toBe(1);
  });
});
