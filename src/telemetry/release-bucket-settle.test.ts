import { describe, expect, it } from 'vitest';
import { ReleaseBucket } from './release-bucket.js';

const quantiles = (b: ReleaseBucket): number[] =>
  [0, 0.1, 0.5, 0.9, 0.99, 1].map((q) => b.latency.getValueAtQuantile(q)!);

function twins(): [ReleaseBucket, ReleaseBucket] {
  const a = new ReleaseBucket(0, 10);
  const b = new ReleaseBucket(0, 10);
  for (let i = 0; i < 200; i++) {
    const ms = 20 * Math.exp(0.35 * Math.sin(i));
    a.latency.accept(ms);
    b.latency.accept(ms);
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
      settled.latency.accept(ms);
      plain.latency.accept(ms);
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
});
