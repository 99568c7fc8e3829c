import { describe, expect, it } from 'vitest';

import { HeavyHitters } from './heavy-hitters.js';

/** Deterministic uniform [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Everything a sketch reports, in iteration order (which decides prune ties). */
function state(hh: HeavyHitters): unknown {
  return { floor: hh.floor, total: hh.total, entries: [...hh.counts] };
}

/** Random sketches (some pruned) built from seed; identical for equal seeds. */
function parts(seed: number): { hh: HeavyHitters[]; r: () => number } {
  const r = random(seed);
  const capacity = 3 + Math.floor(r() * 30);
  const hh: HeavyHitters[] = [];
  const count = 2 + Math.floor(r() * 20);
  for (let p = 0; p < count; p++) {
    const h = new HeavyHitters(capacity);
    const n = Math.floor(r() * 300);
    for (let i = 0; i < n; i++)
      h.add(
        r() < 0.5 ? `z${Math.floor(r() ** 3 * 200)}` : `u${p}-${Math.floor(r() * 5000)}`,
        1 + Math.floor(r() * 3),
      );
    hh.push(h);
  }
  return { hh, r };
}

describe('HeavyHitters.freeze', () => {
  it('merges a frozen sketch exactly like the unfrozen one, across random merge trees', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const plain = parts(seed);
      const frozen = parts(seed);
      const pick = random(seed + 1000);
      while (plain.hh.length > 1) {
        const i = Math.floor(plain.r() * plain.hh.length);
        const [a] = plain.hh.splice(i, 1);
        const [fa] = frozen.hh.splice(i, 1);
        const j = Math.floor(plain.r() * plain.hh.length);
        frozen.r();
        frozen.r();
        if (pick() < 0.7) fa!.freeze();
        // A frozen sketch merged into stays frozen (summed as ids); the reads are the same.
        if (pick() < 0.2) frozen.hh[j]!.freeze();
        plain.hh[j]!.merge(a!);
        frozen.hh[j]!.merge(fa!);
        expect(state(frozen.hh[j]!)).toEqual(state(plain.hh[j]!));
        expect(state(fa!)).toEqual(state(a!));
      }
    }
  });

  it('merges frozen sketches one after another into a frozen sum, pruning as the Map does', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const plain = parts(seed).hh;
      const frozen = parts(seed).hh;
      for (const f of frozen) f.freeze();
      const viaMap = new HeavyHitters(plain[0]!.capacity);
      const viaIds = new HeavyHitters(plain[0]!.capacity);
      for (let i = 0; i < plain.length; i++) {
        viaMap.merge(plain[i]!);
        viaIds.merge(frozen[i]!);
        expect(viaIds.frozen).toBe(true);
        expect(state(viaIds.clone())).toEqual(state(viaMap));
      }
    }
  });

  it('merges a list at once exactly as one merge after another, pruned parts and prunes included', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const plain = parts(seed).hh;
      const frozen = parts(seed).hh;
      // Mostly frozen (the one-pass sum), every fourth with one left a Map (merged one by one).
      const mixed = seed % 4 === 0;
      frozen.forEach((f, i) => (mixed && i === 1 ? undefined : f.freeze()));
      const [first, ...rest] = frozen;
      const [plainFirst, ...plainRest] = plain;
      for (const p of plainRest) plainFirst!.merge(p);
      first!.mergeAll(rest);
      expect(state(first!)).toEqual(state(plainFirst!));
    }
  });

  it('reads, copies and serializes like the unfrozen sketch, and thaws on a write', () => {
    const { hh } = parts(3);
    const plain = hh[0]!;
    const frozen = HeavyHitters.fromJSON(plain.toJSON());
    frozen.freeze();
    expect(frozen.frozen).toBe(true);
    expect(frozen.size).toBe(plain.counts.size);
    expect(frozen.toJSON()).toEqual(plain.toJSON());
    const copy = frozen.clone();
    expect(state(copy)).toEqual(state(plain));
    copy.add('new-item', 2);
    plain.add('new-item', 2);
    expect(copy.frozen).toBe(false);
    expect(state(copy)).toEqual(state(plain));
    expect(frozen.counts.has('new-item')).toBe(false);
  });

  it('reads items from JSON as ids, with no interned string (one is kept only when items stay strings)', () => {
    const seen: string[] = [];
    const intern = (s: string): string => (seen.push(s), s);
    const hh = HeavyHitters.fromJSON(JSON.parse('{"c":10,"f":0,"t":3,"i":[["cat",1],["dog",2]]}'), intern);
    expect(seen).toEqual([]);
    expect(ArrayBuffer.isView(hh.frozenParts()!.items)).toBe(true);
    expect(Object.fromEntries(hh.counts)).toEqual({ cat: 1, dog: 2 });
  });

  it('keeps counts read from JSON in the narrowest array that holds them, as a freeze does', () => {
    const read = (counts: number[]): unknown => {
      const i = counts.map((c, k): [string, number] => [`json-count-${k}`, c]);
      const parts = HeavyHitters.fromJSON({ c: 10, f: 0, t: 0, i }).frozenParts()!;
      return [parts.counts.constructor.name, [...parts.counts]];
    };
    expect(read([1, 255])).toEqual(['Uint8Array', [1, 255]]);
    expect(read([1, 256])).toEqual(['Uint16Array', [1, 256]]);
    expect(read([65_535, 65_536])).toEqual(['Uint32Array', [65_535, 65_536]]);
    expect(read([2 ** 32, 1])).toEqual(['Float64Array', [2 ** 32, 1]]);
    expect(read([1.5, 2])).toEqual(['Float64Array', [1.5, 2]]);
    expect(read([])).toEqual(['Uint8Array', []]);
  });

  it('interns an added item only when it is new to the sketch', () => {
    const seen: string[] = [];
    const intern = (s: string): string => (seen.push(s), s);
    const hh = new HeavyHitters(10);
    for (const item of ['cat', 'dog', 'cat', 'cat', 'dog', 'eel']) hh.add(item, 1, intern);
    expect(seen).toEqual(['cat', 'dog', 'eel']);
    expect(Object.fromEntries(hh.counts)).toEqual({ cat: 3, dog: 2, eel: 1 });
  });
});
