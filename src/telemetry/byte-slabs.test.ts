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
      expect(p.offset + p.bytes).toBeLessThanOrEqual(p.slab.buffer.byteLength);
    }
    // Fill each piece with its index: a piece written over by another would read a different one.
    pieces.forEach((p, i) => new Uint32Array(p.slab.buffer, p.offset, Math.floor(p.bytes / 4)).fill(i));
    pieces.forEach((p, i) =>
      expect(new Uint32Array(p.slab.buffer, p.offset, Math.floor(p.bytes / 4)).every((v) => v === i)).toBe(
        true,
      ),
    );
    const shared = new Set(pieces.filter((p) => p.bytes < 16_384).map((p) => p.slab.buffer));
    expect(shared.size).toBeLessThan(pieces.length / 10);
    const large = slabs.take(16_384);
    expect([large.offset, large.slab.buffer.byteLength]).toEqual([0, 16_384]);
    expect(shared.has(large.slab.buffer)).toBe(false);
    // A large request rounded up to whole 8 bytes, so its 64-bit view covers it.
    expect(slabs.take(16_385).slab.f64.length).toBe(16_392 / 8);
  });

  it("gives every piece its slab's views over the whole buffer, made once per slab", () => {
    const slabs = new ByteSlabs();
    const a = slabs.take(100);
    const b = slabs.take(100);
    expect(b.slab).toBe(a.slab);
    expect(a.slab.u8.buffer).toBe(a.slab.buffer);
    expect(a.slab.u8.byteLength).toBe(a.slab.buffer.byteLength);
    expect(a.slab.f64.byteLength).toBe(a.slab.buffer.byteLength);
    a.slab.f64[b.offset / 8] = 2.5;
    expect(new Float64Array(b.slab.buffer, b.offset, 1)[0]).toBe(2.5);
  });
});
