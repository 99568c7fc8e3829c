import { describe, expect, it } from 'vitest';
import { DDSketch } from '@datadog/sketches-js';
import { EMPTY_SKETCH, isCompact } from './compact-sketch.js';
import { ReleaseBucket } from './release-bucket.js';

const quantiles = (b: ReleaseBucket): number[] =>
  [0, 0.1, 0.5, 0.9, 0.99, 1].map((q) => b.latency.getValueAtQuantile(q)!);

function twins(): [ReleaseBucket, ReleaseBucket] {
  const a = new ReleaseBucket(0, 10);
  const b = new ReleaseBucket(0, 10);
  for (let i = 0; i < 200; i++) {
    const ms = 20 * Math.exp(0.35 * Math.sin(i));
    a.acceptLatency(ms);
    b.acceptLatency(ms);
    a.predictions.add(`item-${i % 7}`);
    b.predictions.add(`item-${i % 7}`);
  }
  return [a, b];
}

describe('ReleaseBucket.settle', () => {
  it('keeps only the latency bins in use and reads the same', () => {
    const [settled, plain] = twins();
    settled.settle();
    expect(settled.latency.store.bins.length).toBeLessThan(plain.latency.store.bins.length);
    expect(quantiles(settled)).toEqual(quantiles(plain));
    expect(settled.predictions.frozen).toBe(true);
    expect(Object.fromEntries(settled.predictions.counts)).toEqual(
      Object.fromEntries(plain.predictions.counts),
    );
  });

  it('grows back on a late write, below and above its keys, and merges the same', () => {
    const [settled, plain] = twins();
    settled.settle();
    for (const ms of [0.5, 3, 400, 9000]) {
      settled.acceptLatency(ms);
      plain.acceptLatency(ms);
    }
    expect(quantiles(settled)).toEqual(quantiles(plain));
    const [other] = twins();
    const intoSettled = new ReleaseBucket(0, 10);
    intoSettled.merge(other);
    intoSettled.merge(settled);
    const intoPlain = new ReleaseBucket(0, 10);
    intoPlain.merge(other);
    intoPlain.merge(plain);
    expect(quantiles(intoSettled)).toEqual(quantiles(intoPlain));
    expect(intoSettled.latency.count).toBe(intoPlain.latency.count);
  });

  it('holds a settled second compactly: shared mapping and empty store, one-byte bins and counts', () => {
    const [a] = twins();
    const [b] = twins();
    a.settle();
    b.settle();
    for (const s of [a, b]) {
      expect(isCompact(s.latency)).toBe(true);
      // Only the keys in use, 1 byte each while under 256 (a built sketch holds 128-slot chunks of 8 bytes).
      expect(s.latency.store.bins).toBeInstanceOf(Uint8Array);
      expect(s.latency.store.bins.length).toBe(s.latency.store.maxKey - s.latency.store.minKey + 1);
      expect(s.predictions.toJSON().i).toHaveLength(7);
    }
    // One key mapping and one empty negative store for every settled sketch, not one each.
    expect(a.latency.mapping).toBe(b.latency.mapping);
    expect(a.latency.negativeStore).toBe(b.latency.negativeStore);
    // Frozen prediction counts are whole and under 256: one byte each.
    const frozen = (a.predictions as unknown as { frozenCounts: unknown }).frozenCounts;
    expect(frozen).toBeInstanceOf(Uint8Array);
  });

  it('widens bins and counts to 16 and 32 bits only as far as the largest needs, and reads the same', () => {
    for (const [n, width] of [
      [300, Uint16Array],
      [70_000, Uint32Array],
    ] as const) {
      const settled = new ReleaseBucket(0, 10);
      const plain = new ReleaseBucket(0, 10);
      for (const b of [settled, plain]) {
        for (let i = 0; i < n; i++) b.acceptLatency(20);
        b.acceptLatency(35);
        b.predictions.add('top', n);
        b.predictions.add('rare');
      }
      settled.settle();
      expect(settled.latency.store.bins).toBeInstanceOf(width);
      const frozen = (settled.predictions as unknown as { frozenCounts: unknown }).frozenCounts;
      expect(frozen).toBeInstanceOf(width);
      expect(quantiles(settled)).toEqual(quantiles(plain));
      expect(Object.fromEntries(settled.predictions.view())).toEqual({ top: n, rare: 1 });
      const merged = new ReleaseBucket(0, 10);
      merged.merge(plain);
      merged.merge(settled);
      expect(merged.latency.count).toBe(2 * (n + 1));
      expect(merged.predictions.counts.get('top')).toBe(2 * n);
    }
  });

  it('reads, merges and serializes a compact sketch as the sketch it was built from', () => {
    const [settled, plain] = twins();
    settled.settle();
    expect(settled.latency.count).toBe(plain.latency.count);
    expect(settled.latency.sum).toBe(plain.latency.sum);
    const back = DDSketch.fromProto(settled.latency.toProto());
    expect(back.getValueAtQuantile(0.9)).toBeCloseTo(plain.latency.getValueAtQuantile(0.9), 9);
    // A merge into a settled bucket writes to a thawed copy: the shared empty store stays empty.
    const shared = settled.latency.negativeStore;
    const late = new ReleaseBucket(0, 10);
    late.acceptLatency(-5);
    settled.merge(late);
    expect(isCompact(settled.latency)).toBe(false);
    expect(shared.count).toBe(0);
    expect(settled.latency.count).toBe(plain.latency.count + 1);
  });

  it('shares a compact sketch merged into an empty bucket, and copies it on the next write', () => {
    const [settled, plain] = twins();
    settled.settle();
    const window = new ReleaseBucket(0, 10);
    expect(window.latency).toBe(EMPTY_SKETCH);
    window.merge(settled, false);
    expect(window.latency).toBe(settled.latency);
    window.merge(settled, false);
    expect(window.latency).not.toBe(settled.latency);
    expect(settled.latency.count).toBe(plain.latency.count);
    expect(window.latency.count).toBe(2 * plain.latency.count);
    expect(window.latency.getValueAtQuantile(0.5)).toBe(plain.latency.getValueAtQuantile(0.5));
    // The shared empty sketch is frozen: a write that skipped the thaw throws instead of
    // changing every bucket's sketch.
    expect(() => EMPTY_SKETCH.accept(10)).toThrow(TypeError);
    expect(new ReleaseBucket(1, 10).latency.count).toBe(0);
  });

  it('keeps 64-bit counts when a count is not whole', () => {
    const b = new ReleaseBucket(0, 10);
    b.predictions.add('x', 0.5);
    b.settle();
    expect(Object.fromEntries(b.predictions.counts)).toEqual({ x: 0.5 });
  });
});
