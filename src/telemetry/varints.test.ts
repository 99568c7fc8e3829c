import { describe, expect, it } from 'vitest';

import { readVarints, varintBytes, writeVarint } from './varints.js';

describe('varints', () => {
  it('write and read back every width, 0 to 2^32 - 1, in the bytes varintBytes says', () => {
    const values = [0, 1, 127, 128, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 32 - 1];
    const out = new Uint8Array(64);
    let at = 1;
    for (const v of values) {
      const next = writeVarint(out, at, v);
      expect(next - at).toBe(varintBytes(v));
      at = next;
    }
    const back = new Uint32Array(values.length);
    expect(readVarints(out, 1, back)).toBe(at);
    expect([...back]).toEqual(values);
  });
});
