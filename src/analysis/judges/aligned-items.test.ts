import { describe, expect, it } from 'vitest';

import { FrozenCounts } from '../../telemetry/frozen-counts.js';
import { ITEM_IDS, type ItemIdArray } from '../../telemetry/item-ids.js';
import { alignedItems } from './aligned-items.js';

const frozen = (counts: Record<string, number>): FrozenCounts =>
  new FrozenCounts(
    ITEM_IDS.encode(Object.keys(counts)) as ItemIdArray,
    Float64Array.from(Object.values(counts)),
  );

describe('two windows aligned on their items', () => {
  it('aligns windows held as ids as it aligns maps of labels, and hands out the ids', () => {
    const candidate = { 'al-b': 3, 'al-a': 1, 'al-d': 2 };
    const baseline = { 'al-c': 40, 'al-a': 50, 'al-e': 5, 'al-b': 7 };
    const byIds = alignedItems(frozen(candidate), frozen(baseline));
    const byLabels = alignedItems(new Map(Object.entries(candidate)), new Map(Object.entries(baseline)));
    expect(byLabels.labels).toEqual(['al-b', 'al-a', 'al-d', 'al-c', 'al-e']);
    expect(byLabels.candidate).toEqual([3, 1, 2, 0, 0]);
    expect(byLabels.baseline).toEqual([7, 50, 0, 40, 5]);
    expect(byLabels.ids).toBeUndefined();
    expect(byIds.labels).toEqual(byLabels.labels);
    expect(byIds.candidate).toEqual(byLabels.candidate);
    expect(byIds.baseline).toEqual(byLabels.baseline);
    expect(byIds.ids).toEqual(byLabels.labels.map((l) => ITEM_IDS.idOf(l)));
    // The shared id table is left empty: a second alignment is not misled by the first.
    const again = alignedItems(frozen({ 'al-e': 1 }), frozen({ 'al-b': 2 }));
    expect(again.labels).toEqual(['al-e', 'al-b']);
    expect(again.baseline).toEqual([0, 2]);
  });
});
