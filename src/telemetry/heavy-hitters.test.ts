import { describe, expect, it } from 'vitest';

import { HeavyHitters } from './heavy-hitters.js';

describe('HeavyHitters', () => {
  it('is exact below capacity', () => {
    const hh = new HeavyHitters(10);
    for (let i = 0; i < 100; i++) hh.add(`i${i % 10}`);
    expect(hh.floor).toBe(0);
    expect([...hh.counts.values()]).toEqual(new Array(10).fill(10));
  });

  it('stays bounded and keeps heavy items within the N/capacity error bound', () => {
    const capacity = 50;
    const hh = new HeavyHitters(capacity);
    const truth = new Map<string, number>();
    let n = 0;
    // Zipf-like: a few heavy items and a long tail of 100k singletons.
    for (let i = 0; i < 100_000; i++) {
      const item = i % 4 === 0 ? `hot${i % 5}` : `tail${i}`;
      hh.add(item);
      truth.set(item, (truth.get(item) ?? 0) + 1);
      n++;
      expect(hh.counts.size).toBeLessThan(capacity * 2);
    }
    expect(hh.floor).toBeLessThanOrEqual(n / capacity);
    for (const [item, count] of truth) {
      if (count > n / capacity) expect(hh.counts.has(item)).toBe(true);
      const reported = hh.counts.get(item);
      if (reported !== undefined) {
        expect(reported).toBeGreaterThanOrEqual(count);
        expect(reported - count).toBeLessThanOrEqual(hh.floor);
      }
    }
  });

  it('merges with counts adding up and capacity respected', () => {
    const a = new HeavyHitters(3);
    const b = new HeavyHitters(3);
    for (const x of ['a', 'a', 'b', 'c']) a.add(x);
    for (const x of ['a', 'd', 'd', 'e']) b.add(x);
    a.merge(b);
    expect(a.counts.get('a')).toBe(3);
    expect(a.counts.size).toBeLessThanOrEqual(3);
    expect(a.total).toBe(8);
    const json = HeavyHitters.fromJSON(
      JSON.parse(JSON.stringify(a.toJSON())) as ReturnType<HeavyHitters['toJSON']>,
    );
    expect(json.counts).toEqual(a.counts);
  });
});
