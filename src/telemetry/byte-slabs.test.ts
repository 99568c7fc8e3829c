import { describe, expect, it } from 'vitest';

import { ByteSlabs } from './byte-slabs.js';

describe('ByteSlabs', () => {
  it('cuts aligned pieces that never overlap, and gives a large request a buffer of its own', () => {
    const slabs = new ByteSlabs();
    const pieces = [1, 7, 8, 9, 1000, 5000, 3, 16_383, 40, 2000].flatMap((bytes) =>
      Array.from({ length: 20 }, () => ({ bytes, ...slabs.take(bytes) })),
    );
    for (const p of pieces) {
      expect(p.offset % 8).toBe(0);
      expect(p.offset + p.bytes).toBeLessThanOrEqual(p.buffer.byteLength);
    }
    // Fill each piece with its index: a piece written over by another would read a different one.
    pieces.forEach((p, i) => new Uint32Array(p.buffer, p.offset, Math.floor(p.bytes / 4)).fill(i));
    pieces.forEach((p, i) =>
      expect(new Uint32Array(p.buffer, p.offset, Math.floor(p.bytes / 4)).every((v) => v === i)).toBe(true),
    );
    const shared = new Set(pieces.filter((p) => p.bytes < 16_384).map((p) => p.buffer));
    expect(shared.size).toBeLessThan(pieces.length / 10);
    const large = slabs.take(16_384);
    expect([large.offset, large.buffer.byteLength]).toEqual([0, 16_384]);
    expect(shared.has(large.buffer)).toBe(false);
  });
});
