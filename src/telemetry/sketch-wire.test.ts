import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';

import { compactSketch, isCompact } from './compact-sketch.js';
import { sketchFromProto, sketchToProto } from './sketch-wire.js';

/** Deterministic uniform [0, 1). */
function random(seed: number): () => number {
  let s = seed * 7919 + 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Every field a reader of a sketch touches, bins included. */
function fields(s: DDSketch): unknown {
  const store = (st: DDSketch['store']): unknown => ({
    bins: Array.from(st.bins as ArrayLike<number>),
    kind: (st.bins as object).constructor.name,
    count: st.count,
    minKey: st.minKey,
    maxKey: st.maxKey,
    offset: st.offset,
    chunkSize: st.chunkSize,
  });
  return {
    gamma: s.mapping.gamma,
    store: store(s.store),
    negative: store(s.negativeStore),
    zeroCount: s.zeroCount,
    count: s.count,
    min: s.min,
    max: s.max,
    sum: s.sum,
    quantiles: s.count > 0 ? [0, 0.25, 0.5, 0.95, 0.99, 1].map((q) => s.getValueAtQuantile(q)) : [],
  };
}

function sketches(): DDSketch[] {
  const out: DDSketch[] = [new DDSketch({ relativeAccuracy: 0.01 })];
  for (let seed = 1; seed <= 40; seed++) {
    const r = random(seed);
    const s = new DDSketch({ relativeAccuracy: 0.01 });
    const n = Math.floor(r() * 400);
    for (let i = 0; i < n; i++) {
      const kind = r();
      // Mostly positive latencies; some zeros, negatives and fractional weights.
      const value = kind < 0.05 ? 0 : kind < 0.1 ? -1 - r() * 50 : Math.exp(1 + 4 * r());
      s.accept(value, seed % 5 === 0 ? 0.5 + r() : 1);
    }
    out.push(s, compactSketch(s));
  }
  return out;
}

describe('sketch-wire', () => {
  it('reads a sketch as the library reads it, then compacts it', () => {
    for (const s of sketches()) {
      const bytes = s.toProto();
      const read = sketchFromProto(bytes);
      expect(isCompact(read)).toBe(true);
      expect(fields(read)).toEqual(fields(compactSketch(DDSketch.fromProto(bytes))));
    }
  });

  it('writes the bytes the library writes', () => {
    for (const s of sketches()) expect(Buffer.from(sketchToProto(s))).toEqual(Buffer.from(s.toProto()));
  });

  it('leaves another accuracy to the library, and a malformed message to its error', () => {
    const other = new DDSketch({ relativeAccuracy: 0.05 });
    other.accept(12);
    const read = sketchFromProto(other.toProto());
    expect(read.mapping.gamma).toBe(other.mapping.gamma);
    expect(fields(read)).toEqual(fields(compactSketch(DDSketch.fromProto(other.toProto()))));
    expect(() => sketchFromProto(new Uint8Array([0xff, 0xff, 0xff]))).toThrow();
  });
});
