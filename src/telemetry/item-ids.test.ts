import { describe, expect, it } from 'vitest';

import { HeavyHitters } from './heavy-hitters.js';
import { decodeItems, ITEM_IDS, itemAt, ItemIds } from './item-ids.js';

describe('ItemIds', () => {
  it('gives each distinct item one id and reads it back', () => {
    const table = new ItemIds(10);
    const ids = table.encode(['a', 'b', 'a', 'c']);
    expect(ids).toBeInstanceOf(Uint16Array);
    expect([...(ids as Uint16Array)]).toEqual([0, 1, 0, 2]);
    expect(table.encode(['c', 'a'])).toEqual(Uint16Array.of(2, 0));
    expect(table.size).toBe(3);
    expect(table.name(1)).toBe('b');
  });

  it('takes 32 bits per id only once an id reaches 65,536', () => {
    const table = new ItemIds(1 << 17);
    const many = Array.from({ length: 65_537 }, (_, i) => `i${i}`);
    const all = table.encode(many);
    expect(all).toBeInstanceOf(Uint32Array);
    expect(table.encode(['i65535', 'i0'])).toEqual(Uint16Array.of(65_535, 0));
    expect(table.encode(['i65536', 'i0'])).toEqual(Uint32Array.of(65_536, 0));
    expect(table.name((all as Uint32Array)[65_536]!)).toBe('i65536');
  });

  it('keeps the strings when a new item finds the table full, and earlier ids stay valid', () => {
    const table = new ItemIds(2);
    const first = table.encode(['x', 'y']);
    const strings = ['x', 'z'];
    expect(table.encode(strings)).toBe(strings);
    expect(table.size).toBe(2);
    expect(table.encode(['y', 'x'])).toEqual(Uint16Array.of(1, 0));
    expect([...(first as Uint16Array)].map((id) => table.name(id))).toEqual(['x', 'y']);
  });

  it('encodes the items of [item, count] pairs as encode does, past 16 bits and up to a full table', () => {
    const pairs = (items: string[]): [string, number][] => items.map((item, i) => [item, i]);
    const table = new ItemIds(1 << 17);
    const twin = new ItemIds(1 << 17);
    const many = Array.from({ length: 70_000 }, (_, i) => `i${i}`);
    expect(table.encodeFirsts(pairs(many))).toEqual(twin.encode(many));
    for (const items of [['i5', 'i0'], ['i65536', 'i1'], [], ['new', 'i2', 'new']])
      expect(table.encodeFirsts(pairs(items)), items.join()).toEqual(twin.encode(items));
    const full = new ItemIds(2);
    expect(full.encodeFirsts(pairs(['x', 'y']))).toEqual(Uint16Array.of(0, 1));
    expect(full.encodeFirsts(pairs(['y', 'z']))).toBeUndefined();
    expect(full.encodeFirsts(pairs(['y', 'x']))).toEqual(Uint16Array.of(1, 0));
  });

  it('stops giving ids once the items reach the character budget', () => {
    const table = new ItemIds(100, 6);
    expect(table.encode(['abc', 'de'])).toBeInstanceOf(Uint16Array);
    const long = ['abc', 'fgh'];
    expect(table.encode(long)).toBe(long);
    expect(table.encode(['f'])).toEqual(Uint16Array.of(2));
    expect(table.name(2)).toBe('f');
  });

  it('reads either form item by item and whole', () => {
    const ids = ITEM_IDS.encode(['p-1', 'p-2']);
    expect(ids).toBeInstanceOf(Uint16Array);
    expect([itemAt(ids, 0), itemAt(ids, 1)]).toEqual(['p-1', 'p-2']);
    expect(decodeItems(ids)).toEqual(['p-1', 'p-2']);
    expect(decodeItems(['q'])).toEqual(['q']);
  });
});

describe('HeavyHitters with ids', () => {
  it('freezes and imports items as ids in the shared table, reading back the same items', () => {
    const before = ITEM_IDS.size;
    const hh = new HeavyHitters(10);
    for (const item of ['ids-a', 'ids-b', 'ids-a', 'ids-c']) hh.add(item);
    hh.freeze();
    expect(ITEM_IDS.size).toBe(before + 3);
    expect([...hh.view()]).toEqual([
      ['ids-a', 2],
      ['ids-b', 1],
      ['ids-c', 1],
    ]);
    expect(hh.view().get('ids-b')).toBe(1);
    expect([...hh.view().keys()]).toEqual(['ids-a', 'ids-b', 'ids-c']);

    const imported = HeavyHitters.fromJSON({ ...hh.toJSON(), i: [...hh.toJSON().i, ['ids-d', 4]] });
    expect(ITEM_IDS.size).toBe(before + 4);
    expect(imported.toJSON().i).toEqual([
      ['ids-a', 2],
      ['ids-b', 1],
      ['ids-c', 1],
      ['ids-d', 4],
    ]);
    const merged = hh.plus(imported);
    expect([...merged.view()]).toEqual([
      ['ids-a', 4],
      ['ids-b', 2],
      ['ids-c', 2],
      ['ids-d', 4],
    ]);
    imported.merge(hh);
    expect([...imported.counts]).toEqual([...merged.view()]);
  });
});
