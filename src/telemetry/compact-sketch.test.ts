import { describe, expect, it } from 'vitest';
import { DDSketch } from '@datadog/sketches-js';
import { compactSketch, isCompact, mergedSketch } from './compact-sketch.js';

/** A small deterministic generator, so a failure names the seed that made it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sketchOf(values: readonly number[]): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  for (const v of values) sketch.accept(v);
  return sketch;
}

function latencies(next: () => number, n: number, scale: number): number[] {
  // Zeros too: they land in zeroCount, not in a bin.
  return Array.from({ length: n }, () => (next() < 0.05 ? 0 : scale * Math.exp(2 * next())));
}

/** What a reader can see of a sketch: its counts and summary, and each key's count. */
function reading(sketch: DDSketch): Record<string, unknown> {
  const { store } = sketch;
  const keys: Record<number, number> = {};
  for (let key = store.minKey; key <= store.maxKey; key++) {
    const c = (store.bins as ArrayLike<number>)[key - store.offset] ?? 0;
    if (c !== 0) keys[key] = c;
  }
  return {
    count: sketch.count,
    zeroCount: sketch.zeroCount,
    min: sketch.min,
    max: sketch.max,
    sum: sketch.sum,
    storeCount: store.count,
    minKey: store.minKey,
    maxKey: store.maxKey,
    keys,
    quantiles: [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1].map((q) => sketch.getValueAtQuantile(q)),
  };
}

/** The library's own way: a thawed copy of `a` with `b` merged in. */
function libraryMerge(a: DDSketch, b: DDSketch): DDSketch {
  const copy = new DDSketch({ relativeAccuracy: 0.01 });
  copy.merge(a);
  copy.merge(b);
  return copy;
}

describe('mergedSketch into a compact sketch', () => {
  it('reads as the library merge does, for ranges below, above, inside and apart', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const a = latencies(next, 1 + Math.floor(next() * 300), 1 + next() * 200);
      const b = latencies(next, Math.floor(next() * 300), 1 + next() * 5000);
      const compact = compactSketch(sketchOf(a));
      const other = seed % 2 === 0 ? compactSketch(sketchOf(b)) : sketchOf(b);
      const merged = mergedSketch(compact, other);
      expect(reading(merged), `seed ${seed}`).toEqual(reading(libraryMerge(sketchOf(a), sketchOf(b))));
      // Neither input moved.
      expect(reading(compact)).toEqual(reading(sketchOf(a)));
      expect(reading(other)).toEqual(reading(sketchOf(b)));
    }
  });

  it('gives a writable sketch of its own: later writes and merges land in it alone', () => {
    const compact = compactSketch(sketchOf([10, 20, 30]));
    const other = compactSketch(sketchOf([15, 25]));
    const merged = mergedSketch(compact, other);
    expect(isCompact(merged)).toBe(false);
    for (const v of [0.2, 5, 900, 12_000]) merged.accept(v);
    merged.merge(sketchOf([1, 2, 3]));
    const expected = libraryMerge(sketchOf([10, 20, 30]), sketchOf([15, 25]));
    for (const v of [0.2, 5, 900, 12_000]) expected.accept(v);
    expected.merge(sketchOf([1, 2, 3]));
    expect(reading(merged)).toEqual(reading(expected));
    expect(reading(compact)).toEqual(reading(sketchOf([10, 20, 30])));
    expect(reading(other)).toEqual(reading(sketchOf([15, 25])));
  });

  it('sums zero-only sketches (no bins on either side)', () => {
    const merged = mergedSketch(compactSketch(sketchOf([0, 0])), sketchOf([0]));
    expect(reading(merged)).toEqual(reading(libraryMerge(sketchOf([0, 0]), sketchOf([0]))));
  });
});
