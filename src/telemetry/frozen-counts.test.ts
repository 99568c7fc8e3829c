import { describe, expect, it } from 'vitest';

import { FrozenCounts } from './frozen-counts.js';
import { ITEM_IDS } from './item-ids.js';

describe('FrozenCounts iterators', () => {
  const items = ['fc-a', 'fc-b', 'fc-c'];
  const ids = ITEM_IDS.encode(items);
  const counts = new FrozenCounts(ids, Uint16Array.of(5, 0, 7));

  it('step without a new result object per item, and read as the map they stand for', () => {
    const values = counts.values();
    const first = values.next();
    expect(first.value).toBe(5);
    // The same object, rewritten: nothing allocated per item.
    expect(values.next()).toBe(first);
    expect(first).toEqual({ value: 0, done: false });
    expect(values.next()).toEqual({ value: 7, done: false });
    expect(values.next()).toEqual({ value: undefined, done: true });
    const keys = counts.keys();
    expect(keys.next()).toBe(keys.next());

    expect([...counts.values()]).toEqual([5, 0, 7]);
    expect(Array.from(counts.keys())).toEqual(items);
    let sum = 0;
    for (const c of counts.values()) sum += c;
    expect(sum).toBe(12);
    // Pairs are kept by callers (new Map(counts)): each is its own array.
    const pairs = [...counts];
    expect(pairs).toEqual([
      ['fc-a', 5],
      ['fc-b', 0],
      ['fc-c', 7],
    ]);
    expect(new Map(counts.entries())).toEqual(new Map(pairs));
    const [[item, count] = ['', 0]] = counts;
    expect([item, count]).toEqual(['fc-a', 5]);
  });
});
