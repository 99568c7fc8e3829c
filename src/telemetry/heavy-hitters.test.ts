import { describe, expect, it } from 'vitest';

import { HeavyHitters } from './heavy-hitters.js';

/** Deterministic uniform [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

function expectWithinBound(hh: HeavyHitters, truth: Map<string, number>): void {
  let n = 0;
  for (const c of truth.values()) n += c;
  expect(hh.total).toBe(n);
  expect(hh.counts.size).toBeLessThan(hh.capacity * 2);
  expect(hh.floor).toBeLessThanOrEqual(n / hh.capacity);
  for (const [item, count] of truth) {
    const reported = hh.counts.get(item);
    if (reported === undefined) {
      expect(count).toBeLessThanOrEqual(hh.floor);
    } else {
      expect(reported).toBeGreaterThanOrEqual(count);
      expect(reported - count).toBeLessThanOrEqual(hh.floor);
    }
  }
}

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
    expect(hh.floor).toBeGreaterThan(0);
    expectWithinBound(hh, truth);
    for (const [item, count] of truth) if (count > n / capacity) expect(hh.counts.has(item)).toBe(true);
  });

  it('merges with counts adding up, exact until 2×capacity items', () => {
    const a = new HeavyHitters(3);
    const b = new HeavyHitters(3);
    for (const x of ['a', 'a', 'b', 'c']) a.add(x);
    for (const x of ['a', 'd', 'd']) b.add(x);
    a.merge(b);
    expect(a.floor).toBe(0);
    expect(Object.fromEntries(a.counts)).toEqual({ a: 3, b: 1, c: 1, d: 2 });
    expect(a.total).toBe(7);
    const json = HeavyHitters.fromJSON(
      JSON.parse(JSON.stringify(a.toJSON())) as ReturnType<HeavyHitters['toJSON']>,
    );
    expect(json.counts).toEqual(a.counts);
  });

  it('prunes a merge lazily: at 2×capacity items back to capacity', () => {
    const a = new HeavyHitters(3);
    for (const x of ['a', 'a', 'a', 'b', 'b', 'c']) a.add(x);
    const b = new HeavyHitters(3);
    for (const x of ['d', 'e']) b.add(x);
    a.merge(b);
    expect(a.counts.size).toBe(5);
    const c = new HeavyHitters(3);
    c.add('f');
    a.merge(c);
    expect(a.counts.size).toBe(3);
    expect(a.counts.get('a')).toBe(3);
    expect(a.counts.get('b')).toBe(2);
    expect(a.floor).toBe(1);
  });

  it('adds the floor of a pruned sketch to items it does not hold', () => {
    const pruned = new HeavyHitters(2);
    for (const x of ['x', 'x', 'x', 'y', 'y', 'z', 'w']) pruned.add(x);
    expect(pruned.floor).toBe(1);
    const a = new HeavyHitters(2);
    a.add('q', 5);
    a.merge(pruned);
    expect(a.counts.get('q')).toBe(5 + pruned.floor);
    expect(a.floor).toBe(1);
  });

  it('keeps the error bound across random merge trees of pruned sketches', () => {
    const r = random(7);
    for (let trial = 0; trial < 25; trial++) {
      const capacity = 3 + Math.floor(r() * 30);
      const skew = 1 + r() * 6;
      const truth = new Map<string, number>();
      const parts: HeavyHitters[] = [];
      const partCount = 1 + Math.floor(r() * 30);
      for (let p = 0; p < partCount; p++) {
        const hh = new HeavyHitters(capacity);
        const n = Math.floor(r() * 600);
        for (let i = 0; i < n; i++) {
          const item =
            r() < 0.5 ? `z${Math.floor(r() ** skew * 400)}` : `u${trial}-${p}-${Math.floor(r() * 100_000)}`;
          const count = 1 + Math.floor(r() * 3);
          hh.add(item, count);
          truth.set(item, (truth.get(item) ?? 0) + count);
        }
        parts.push(hh);
      }
      while (parts.length > 1) {
        const [a] = parts.splice(Math.floor(r() * parts.length), 1);
        parts[Math.floor(r() * parts.length)]!.merge(a!);
      }
      expectWithinBound(parts[0]!, truth);
    }
  });
});
