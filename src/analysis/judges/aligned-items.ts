/**
 * Two windows' item counts aligned on the union of their items (the candidate's items first, in
 * its order, then the baseline's others, in its order), for a homogeneity test spent across
 * checkpoints.
 */
import { itemIdCounts, type ItemIdCounts } from '../../telemetry/frozen-counts.js';
import { ITEM_IDS } from '../../telemetry/item-ids.js';
import { itemIdTable } from '../item-id-table.js';
import { homogeneityP, spendable } from './homogeneity.js';
import type { SpendableTest } from './types.js';

export function alignedItems(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): SpendableTest {
  const ai = itemIdCounts(a);
  const bi = itemIdCounts(b);
  return ai && bi ? alignedIds(ai, bi) : alignedLabels(a, b);
}

/** Both windows hold their items as ids: matched through the shared id table, no item decoded. */
function alignedIds(a: ItemIdCounts, b: ItemIdCounts): SpendableTest {
  const table = itemIdTable();
  const na = a.ids.length;
  for (let i = 0; i < na; i++) table[a.ids[i]!] = i + 1;
  // Sized once (a catalogue's ~2,000 items grew each pushed array several times, at every look).
  let only = 0;
  for (let j = 0; j < b.ids.length; j++) if (!(table[b.ids[j]!]! > 0)) only++;
  const ids = new Array<number>(na + only);
  const xs = new Array<number>(na + only);
  const ys = new Array<number>(na + only);
  for (let i = 0; i < na; i++) {
    ids[i] = a.ids[i]!;
    xs[i] = a.counts[i]!;
    ys[i] = 0;
  }
  let k = na;
  for (let j = 0; j < b.ids.length; j++) {
    const id = b.ids[j]!;
    const at = table[id]!;
    if (at > 0) ys[at - 1] = b.counts[j]!;
    else {
      ids[k] = id;
      xs[k] = 0;
      ys[k++] = b.counts[j]!;
    }
  }
  for (let i = 0; i < na; i++) table[a.ids[i]!] = 0;
  let labels: readonly string[] | undefined;
  return spendable(
    {
      // Names only when asked for (a test's checkpoints name the items they first meet).
      get labels() {
        return (labels ??= ids.map((id) => ITEM_IDS.name(id)));
      },
      ids,
      candidate: xs,
      baseline: ys,
    },
    homogeneityP,
  );
}

/** Only `a` (the candidate, the smaller window) is indexed: `b` is read once in order. */
function alignedLabels(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): SpendableTest {
  const position = new Map<string, number>();
  // Keys and values side by side (both in the map's order): no [key, value] pair per item.
  const labels = [...a.keys()];
  const xs = [...a.values()];
  const ys: number[] = [];
  for (let i = 0; i < xs.length; i++) ys.push(0);
  for (let i = 0; i < labels.length; i++) position.set(labels[i]!, i);
  const bValues = b.values();
  for (const k of b.keys()) {
    const y = bValues.next().value!;
    const i = position.get(k);
    if (i !== undefined) ys[i] = y;
    else {
      labels.push(k);
      xs.push(0);
      ys.push(y);
    }
  }
  return spendable({ labels, candidate: xs, baseline: ys }, homogeneityP);
}
