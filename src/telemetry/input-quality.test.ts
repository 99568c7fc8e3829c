import { describe, expect, it } from 'vitest';

import { CATEGORY_CAPACITY, checkRow, compileSchema, mergeQuality } from './input-quality.js';
import type { FieldQuality } from './types.js';

const schema = compileSchema(
  {
    fields: {
      plan: { type: 'string', required: true, nullable: false },
      promo: { type: 'boolean', required: false, nullable: true },
      age: { type: 'number', required: true, nullable: true },
    },
  },
  () => undefined,
);

function check(rows: unknown[]): { quality: Record<string, FieldQuality>; mismatched: number } {
  const quality: Record<string, FieldQuality> = {};
  let mismatched = 0;
  for (const row of rows) if (checkRow(schema, row, quality)) mismatched++;
  return { quality, mismatched };
}

describe('input quality', () => {
  it('counts a schema mismatch only where the schema says so: wrong type, missing if required, null if not nullable', () => {
    const { quality, mismatched } = check([
      { plan: 'pro', promo: true, age: 30 }, // fine
      { plan: 'pro', age: null }, // promo optional and missing, age nullable: fine
      { plan: null, age: 30 }, // plan not nullable
      { plan: 'free', promo: 'yes', age: 30 }, // wrong type
      { promo: false, age: 30 }, // plan required
      'not a row', // every required field missing
    ]);
    expect(mismatched).toBe(4);
    expect(quality.plan).toMatchObject({ missing: 2, nulls: 1, wrongType: 0, mismatches: 3 });
    expect(quality.promo).toMatchObject({ missing: 3, nulls: 0, wrongType: 1, mismatches: 1 });
    expect(quality.age).toMatchObject({ missing: 1, nulls: 1, mismatches: 1 });
  });

  it('counts string and boolean values per category; numbers are left to the histogram', () => {
    const { quality } = check([
      { plan: 'pro', promo: true, age: 1 },
      { plan: 'free', promo: false, age: 2 },
      { plan: 'pro', promo: true, age: 3 },
    ]);
    expect({ ...quality.plan!.categories!.counts }).toEqual({ pro: 2, free: 1 });
    expect({ ...quality.promo!.categories!.counts }).toEqual({ true: 2, false: 1 });
    expect(quality.age!.categories).toBeUndefined();
  });

  it('keeps "__proto__" and "constructor" as ordinary values', () => {
    const { quality } = check([{ plan: '__proto__' }, { plan: 'constructor' }, { plan: '__proto__' }]);
    expect(Object.entries(quality.plan!.categories!.counts)).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
    ]);
  });

  it('gives up on a field past the capacity, in a bucket and across merges alike', () => {
    const many = check(Array.from({ length: CATEGORY_CAPACITY + 1 }, (_, i) => ({ plan: `user-${i}` })));
    expect(many.quality.plan!.categories).toEqual({ counts: {}, overflow: true });

    const half = (from: number) =>
      check(Array.from({ length: CATEGORY_CAPACITY / 2 + 1 }, (_, i) => ({ plan: `user-${from + i}` })))
        .quality;
    const merged: Record<string, FieldQuality> = {};
    mergeQuality(merged, half(0));
    expect(merged.plan!.categories!.overflow).toBe(false);
    mergeQuality(merged, half(1000));
    expect(merged.plan!.categories!.overflow).toBe(true);
    // An overflowed side makes the merge overflowed, whichever comes first.
    const other: Record<string, FieldQuality> = {};
    mergeQuality(other, many.quality);
    mergeQuality(other, check([{ plan: 'pro' }]).quality);
    expect(other.plan!.categories!.overflow).toBe(true);
  });

  it('merges counts and reads mismatches from buckets that lack them as 0', () => {
    const into = check([{ plan: 'pro' }, { plan: 7 }]).quality;
    const old: Record<string, FieldQuality> = { plan: { missing: 1, nulls: 0, wrongType: 0 } };
    mergeQuality(into, old);
    expect(into.plan).toMatchObject({ missing: 1, wrongType: 1, mismatches: 1 });
    expect({ ...into.plan!.categories!.counts }).toEqual({ pro: 1 });
  });
});
