import { describe, expect, it } from 'vitest';

import { isPackedCounts, packCounts, unpackCounts } from './packed-counts.js';

describe('packed counts', () => {
  it('reads back every whole count exactly, up to 2^53 − 1', () => {
    const counts = [0, 1, 31, 32, 33, 1023, 1024, 32_767, 32_768, 4_000_000, 2 ** 32, 2 ** 53 - 1, 0];
    const packed = packCounts(counts)!;
    expect(Array.from(unpackCounts(packed))).toEqual(counts);
    expect(isPackedCounts(packed)).toBe(true);
  });

  it('takes one byte for a count below 32, two below 1,024, three below 32,768', () => {
    expect(packCounts([0, 5, 31])).toHaveLength(3);
    expect(packCounts([32, 1023])).toHaveLength(4);
    expect(packCounts([1024, 32_767])).toHaveLength(6);
    expect(packCounts([])).toBe('');
  });

  it('packs nothing that is not a whole count in [0, 2^53)', () => {
    for (const bad of [-1, 0.5, NaN, Infinity, 2 ** 53, -Infinity])
      expect(packCounts([3, bad, 4]), String(bad)).toBeUndefined();
  });

  it('is JSON as it is (no character JSON escapes) and reads back from JSON', () => {
    const counts = Array.from({ length: 500 }, (_, i) => (i * 7919) % 100_003);
    const packed = packCounts(counts)!;
    expect(JSON.stringify(packed)).toBe(`"${packed}"`);
    expect(Array.from(unpackCounts(JSON.parse(JSON.stringify(packed)) as string))).toEqual(counts);
  });

  it('tells packed counts from any other string', () => {
    expect(isPackedCounts('0O]0')).toBe(true);
    for (const bad of ['0]', 'a b', '"', '\\', `${']'.repeat(11)}0`, 3, null])
      expect(isPackedCounts(bad), String(bad)).toBe(false);
    expect(isPackedCounts(`${']'.repeat(10)}0`)).toBe(true);
  });
});
