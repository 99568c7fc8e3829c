import { describe, expect, it } from 'vitest';

import { idOrder, pairsForm, readPairs, writePairs } from './id-count-pairs.js';

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Unique ids (in no order) and counts, as a frozen sketch holds them. */
function items(n: number, idSpan: number, maxCount: number, seed: number) {
  const r = random(seed);
  const ids = new Set<number>();
  while (ids.size < n) ids.add(Math.floor(r() * idSpan));
  const counts = Array.from({ length: n }, () => 1 + Math.floor(r() ** 4 * maxCount));
  return { ids: [...ids], counts };
}

function roundTrip(
  ids: Uint16Array | Uint32Array,
  counts: Uint8Array | Uint16Array | Uint32Array,
  bitmap?: boolean,
) {
  const order = idOrder(ids);
  const best = pairsForm(ids, counts, order);
  const form = bitmap === undefined ? best : { bitmap, bytes: Number.NaN };
  const out = new Uint8Array(Math.max(0, ...ids) / 8 + 10 * ids.length + 64);
  const end = writePairs(out, 3, ids, counts, order, form);
  if (bitmap === undefined) expect(end).toBe(3 + best.bytes);
  const read = readPairs(out, 3, ids.length, form.bitmap, ids.BYTES_PER_ELEMENT, counts.BYTES_PER_ELEMENT);
  return { bytes: end - 3, bitmap: form.bitmap, read };
}

describe('id-count pairs', () => {
  it('read back every id with its count, in id order, at the widths they were held in', () => {
    for (const [n, span, maxCount, seed] of [
      [1, 10, 3, 1],
      [219, 2000, 60, 2],
      [1800, 2000, 3500, 3],
      [300, 2 ** 18, 2 ** 32 - 1, 4],
    ] as const) {
      const { ids, counts } = items(n, span, maxCount, seed);
      const idArray = span <= 2 ** 16 ? Uint16Array.from(ids) : Uint32Array.from(ids);
      const countArray =
        maxCount < 2 ** 8
          ? Uint8Array.from(counts)
          : maxCount < 2 ** 16
            ? Uint16Array.from(counts)
            : Uint32Array.from(counts);
      const expected = ids.map((id, i) => [id, counts[i]!] as const).sort((a, b) => a[0] - b[0]);
      // The form chosen, then each form forced.
      for (const bitmap of [undefined, true, false]) {
        const { read } = roundTrip(idArray, countArray, bitmap);
        expect(read.ids.constructor).toBe(idArray.constructor);
        expect(read.counts.constructor).toBe(countArray.constructor);
        expect([...read.ids].map((id, i) => [id, read.counts[i]])).toEqual(expected);
      }
    }
  });

  it("takes a bit an id and ~1 byte a count for a minute of a dense catalogue's Zipf counts", () => {
    const { ids } = items(1800, 2000, 1, 7);
    // A minute at 475 requests a second over 2,000 items, Zipf(1): the r-th item ~3,484 / r times.
    const counts = ids.map((_, rank) => Math.max(1, Math.round(3484 / (rank + 1))));
    const minute = roundTrip(Uint16Array.from(ids), Uint16Array.from(counts));
    expect(minute.bitmap).toBe(true);
    // A 16-bit id and a 16-bit count took 4 bytes an item.
    expect(minute.bytes / 1800).toBeLessThan(1.3);
    // A second of the same catalogue: 219 items, gaps of ~9 ids, one byte each.
    const second = items(219, 2000, 60, 8);
    const perSecond = roundTrip(Uint16Array.from(second.ids), Uint8Array.from(second.counts));
    expect(perSecond.bitmap).toBe(false);
    expect(perSecond.bytes / 219).toBeLessThan(2.1);
  });

  it('writes 2^32 - 1, the largest count a packed bucket holds, in five bytes', () => {
    const { bytes, read } = roundTrip(Uint32Array.of(2 ** 20), Uint32Array.of(2 ** 32 - 1), false);
    expect(bytes).toBe(3 + 5);
    expect([read.ids[0], read.counts[0]]).toEqual([2 ** 20, 2 ** 32 - 1]);
  });

  it('orders by id, positions of equal sketches alike, and reuses its scratch between calls', () => {
    expect([...idOrder(Uint16Array.of(5, 1, 9, 0))]).toEqual([3, 1, 0, 2]);
    const big = Uint16Array.from({ length: 5000 }, (_, i) => 4999 - i);
    expect(idOrder(big)[0]).toBe(4999);
    expect([...idOrder(Uint16Array.of(2, 1))]).toEqual([1, 0]);
    expect(idOrder(new Uint16Array(0)).length).toBe(0);
    // Sparse ids (a sort) and dense ones (placed by id) alike.
    const sparse = Uint32Array.of(2 ** 20, 7, 2 ** 19, 3);
    expect([...idOrder(sparse)]).toEqual([3, 1, 2, 0]);
    expect([...idOrder(Uint16Array.of(1003, 1001, 1002))]).toEqual([1, 2, 0]);
    expect([...idOrder(Uint16Array.of(4, 8, 9))]).toEqual([0, 1, 2]);
  });
});
