import { describe, expect, it } from 'vitest';
import { ItemIds } from './item-ids.js';

describe('ItemIds', () => {
  it('gives each item one id for good and reads it back', () => {
    const ids = new ItemIds(10);
    const cat = ids.idOf('cat');
    const dog = ids.idOf('dog');
    expect(cat).not.toBe(dog);
    expect(ids.idOf('cat')).toBe(cat);
    expect(ids.itemOf(cat)).toBe('cat');
    expect(ids.itemOf(dog)).toBe('dog');
    expect(ids.size).toBe(2);
  });

  it('gives no id to a new item once full, and keeps the ids it gave', () => {
    const ids = new ItemIds(2);
    const a = ids.idOf('a');
    ids.idOf('b');
    expect(ids.idOf('c')).toBe(-1);
    expect(ids.idOf('a')).toBe(a);
    expect(ids.itemOf(a)).toBe('a');
    expect(ids.size).toBe(2);
  });
});
