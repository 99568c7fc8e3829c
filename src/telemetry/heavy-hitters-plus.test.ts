import { describe, expect, it } from 'vitest';

import { HeavyHitters } from './heavy-hitters.js';

/** Deterministic uniform [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Everything a sketch reports, in iteration order (which decides prune ties). */
function state(hh: HeavyHitters): unknown {
  return { floor: hh.floor, total: hh.total, entries: [...hh.view()] };
}

/** A random sketch: empty, small and exact, or pruned (floor > 0), frozen or not. */
function sketch(r: () => number, capacity: number, tag: string): HeavyHitters {
  const h = new HeavyHitters(capacity);
  const n = r() < 0.15 ? 0 : Math.floor(r() * capacity * 4);
  for (let i = 0; i < n; i++)
    h.add(
      r() < 0.6 ? `z${Math.floor(r() ** 3 * 100)}` : `${tag}-${Math.floor(r() * 500)}`,
      1 + Math.floor(r() * 3),
    );
  if (r() < 0.5) h.freeze();
  return h;
}

describe('HeavyHitters.plus', () => {
  it('answers exactly what a copy merged with the other sketch holds, changing neither', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = random(seed);
      const capacity = 2 + Math.floor(r() * 40);
      const a = sketch(r, capacity, 'a');
      const b = sketch(r, capacity, 'b');
      const before = [state(a), state(b)];
      const want = a.clone();
      want.merge(b);
      const got = a.plus(b);
      expect(state(got)).toEqual(state(want));
      expect(got.size).toBe(want.size);
      expect([state(a), state(b)]).toEqual(before);
      // Consuming a scratch `other` answers the same and leaves it empty.
      const scratch = b.clone();
      expect(state(a.plus(scratch, { consume: true }))).toEqual(state(want));
      if (!scratch.frozen) expect(state(scratch)).toEqual({ floor: 0, total: 0, entries: [] });
      // The answer keeps merging like any sketch.
      const c = sketch(r, capacity, 'c');
      want.merge(c);
      got.merge(c);
      expect(state(got)).toEqual(state(want));
    }
  });

  it('answers as item ids, and a chain of plus onto ids (a cached window ticking) equals the merges', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const capacity = 2 + Math.floor(r() * 40);
      const want = sketch(r, capacity, 'w');
      let got = new HeavyHitters(capacity).plus(want);
      for (let tick = 0; tick < 6; tick++) {
        const next = sketch(r, capacity, `t${tick}`);
        want.merge(next);
        got = got.plus(next.clone(), { consume: true });
        expect(state(got)).toEqual(state(want));
        expect(got.size).toBe(want.size);
        const items = got.frozenParts()!.items;
        expect(ArrayBuffer.isView(items)).toBe(true);
      }
    }
  });

  it('a merge into an empty sketch shares a frozen one and reads the same', () => {
    const r = random(7);
    for (let i = 0; i < 50; i++) {
      const source = sketch(r, 20, 's');
      const plain = new HeavyHitters(20);
      for (const [item, count] of source.view()) plain.counts.set(item, count);
      plain.floor = source.floor;
      plain.total = source.total;
      const into = new HeavyHitters(20);
      into.merge(source);
      expect(state(into)).toEqual(state(plain));
      expect(into.frozen).toBe(source.frozen);
      into.add('late', 1);
      expect(source.view().has('late')).toBe(false);
    }
  });
});

describe('HeavyHitters.view of a frozen sketch', () => {
  it('reads like the Map: size, get, has, keys, values, entries, forEach', () => {
    const hh = new HeavyHitters(10);
    for (const item of ['cat', 'dog', 'cat', 'eel', 'cat', 'dog']) hh.add(item);
    const map = new Map(hh.counts);
    hh.freeze();
    const view = hh.view();
    expect(hh.frozen).toBe(true);
    expect(view).not.toBe(map);
    expect(view.size).toBe(3);
    expect(view.get('cat')).toBe(3);
    expect(view.get('fox')).toBeUndefined();
    expect(view.has('eel')).toBe(true);
    expect(view.has('fox')).toBe(false);
    expect([...view.keys()]).toEqual([...map.keys()]);
    expect([...view.values()]).toEqual([...map.values()]);
    expect([...view.entries()]).toEqual([...map.entries()]);
    expect([...view]).toEqual([...map]);
    const seen: [string, number][] = [];
    view.forEach((count, item, self) => {
      expect(self).toBe(view);
      seen.push([item, count]);
    });
    expect(seen).toEqual([...map]);
    // Reading the view never thaws the sketch.
    expect(hh.frozen).toBe(true);
  });

  it('an imported sketch arrives frozen and reads as its JSON', () => {
    const json = {
      c: 10,
      f: 1,
      t: 9,
      i: [
        ['cat', 4],
        ['dog', 5],
      ] as [string, number][],
    };
    const hh = HeavyHitters.fromJSON(structuredClone(json));
    expect(hh.frozen).toBe(true);
    expect(Object.fromEntries(hh.view())).toEqual({ cat: 4, dog: 5 });
    expect(hh.toJSON()).toEqual(json);
  });
});
