/**
 * The data triggers' homogeneity tests (G-test and category split, KS) are single-look tests:
 * read at every look, each would raise false alarms far above its level. Within a step they are
 * therefore taken at every look on the data since the step start and since each live checkpoint
 * (the same checkpoints as the restarted e-processes, checkpoint-restart.ts), and the level is
 * spent:
 *
 *   the test on the span since checkpoint k (k = 0: the step start) at look t rejects when
 *   p_{k,t} ≤ alpha · w_k · (S(t − c_k) − S(t' − c_k)),   S(u) = u / (u + interval),
 *
 * with w_k the checkpoint weights (Σ w_k = 1), c_k the checkpoint's start, t' the previous look
 * at which the test was taken (clamped to c_k) and S a spending function that rises from 0 to 1:
 * the shares of one checkpoint telescope to at most 1 over all its looks, however many there
 * are, and with looks every interval the j-th look's share is 1/(j(j + 1)). By the union bound
 * the chance that any test on any span at any look rejects, when both releases' counts come from
 * one distribution, is at most Σ_k w_k · Σ_t share_{k,t} · alpha ≤ alpha. The look's evidence is
 * the smallest p_{k,t} / (w_k · share_{k,t}); its running minimum is a p-value valid over every
 * look (it is ≤ alpha exactly when one of those tests rejected). Looks and checkpoint starts are
 * set by the clock, and whether a look takes the test by the amount of data alone (the minimums),
 * never by how the two releases' counts differ: that is what the bound needs.
 */
import { AlwaysValidPValue } from '../stats/index.js';
import { ITEM_IDS } from '../telemetry/item-ids.js';
import { advanceCheckpoints, CHECKPOINTS } from './checkpoint-restart.js';
import { itemIdTable } from './item-id-table.js';
import type { TriggerState } from './judge-snapshot.js';
import { packCounts, unpackCounts, type PackedCounts } from './packed-counts.js';
import type { SpendableTest } from './judges/types.js';

/** Share of a test's level spent `elapsedMs` after its span started: u / (u + interval). */
export function spentBy(elapsedMs: number): number {
  return elapsedMs > 0 ? elapsedMs / (elapsedMs + CHECKPOINTS.intervalMs) : 0;
}

export interface SpentReading {
  /** This look's smallest p-value over its spans, divided by the level share each was tested at. */
  pValue: number;
  /** Start of the checkpoint whose span gave it, when not the step start's. */
  leadingAt?: number | undefined;
}

/**
 * Takes `test` on the step's span and on the span since each live checkpoint (starting the one
 * due at `now`; a mark holds both arms' counts per label of `state.labels`), spending the level
 * since the last look it was taken at.
 */
export function spendCheckpoints(
  state: TriggerState,
  test: SpendableTest,
  since: number,
  now: number,
): SpentReading {
  const { labels, at } = labelPositions(state.labels ?? [], test);
  state.labels = labels;
  const mark = (): number[] | PackedCounts => {
    const counts = markScratch(2 * labels.length);
    for (let j = 0; j < at.length; j++) {
      counts[2 * at[j]!] = test.candidate[j]!;
      counts[2 * at[j]! + 1] = test.baseline[j]!;
    }
    // Counts that are not whole (a telemetry fault) are kept as they are, for the test to refuse.
    return packCounts(counts) ?? Array.from(counts);
  };
  const checkpoints = advanceCheckpoints(state, since, now, mark);
  const before = state.spentTo ?? since;
  state.spentTo = now;
  const share = (start: number): number => spentBy(now - start) - spentBy(Math.max(0, before - start));

  const startLevel = CHECKPOINTS.weight(0) * share(since);
  let best = startLevel > 0 ? test.pValue(test.candidate, test.baseline) / startLevel : Infinity;
  let leadingAt: number | undefined;
  for (const c of checkpoints) {
    const level = CHECKPOINTS.weight(c.index) * share(c.at);
    if (!(level > 0)) continue;
    const span = sinceMark(test, at, typeof c.mark === 'string' ? unpackCounts(c.mark) : c.mark);
    const p = test.pValue(span.candidate, span.baseline) / level;
    // Ties (p-values that underflow to 0 on several spans) go to the latest span: the least diluted.
    if (p <= best) {
      best = p;
      leadingAt = c.at;
    }
  }
  return { pValue: Math.min(1, best), leadingAt };
}

/** Zeros to build a mark in, shared by every look (a look builds at most one mark). */
let scratch = new Float64Array(1024);
function markScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  const counts = scratch.subarray(0, length);
  counts.fill(0);
  return counts;
}

/**
 * Both arms' counts since a checkpoint's mark; a count below its mark (a sketch that pruned an
 * item) reads 0. A test that reads only the categories seen on either arm (`seenOnly`) is given
 * those alone, as it would keep them: most of a catalogue is empty on a 5 % canary's short span.
 */
function sinceMark(
  test: SpendableTest,
  at: readonly number[],
  mark: ArrayLike<number>,
  all = !test.seenOnly,
): { candidate: number[]; baseline: number[] } {
  const candidate: number[] = [];
  const baseline: number[] = [];
  for (let j = 0; j < at.length; j++) {
    const i = 2 * at[j]!;
    const x = Math.max(0, test.candidate[j]! - (mark[i] ?? 0));
    const y = Math.max(0, test.baseline[j]! - (mark[i + 1] ?? 0));
    // A count that is not one goes to the test as given, for it to refuse by its index.
    if (!all && !(Number.isFinite(x) && Number.isFinite(y))) return sinceMark(test, at, mark, true);
    if (all || x > 0 || y > 0) {
      candidate.push(x);
      baseline.push(y);
    }
  }
  return { candidate, baseline };
}

/**
 * Each label's position among a state's labels, kept between looks: a look whose labels are all
 * known keeps the state's array (no copy), and one that brings new labels appends them to a copy
 * (a state's fields are replaced, never changed in place). Positions never move, so one set of
 * lookups serves every array of a lineage: by label, and by item id (each position's id in the
 * telemetry's item table, -1 for a label without one), each built when a look first needs it.
 * A lookup is trusted only within the array at hand (a look undone after appending left entries
 * behind). An item has the same id at every look, so both lookups give it the same position.
 */
interface Positions {
  byLabel?: Map<string, number>;
  ids?: number[];
}
const positionsOf = new WeakMap<readonly string[], Positions>();

function labelPositions(known: string[], test: SpendableTest): { labels: string[]; at: number[] } {
  let positions = positionsOf.get(known);
  if (!positions) positionsOf.set(known, (positions = {}));
  const found = test.ids ? byIds(known, positions, test.ids) : byLabels(known, positions, test.labels);
  if (found.labels !== known) positionsOf.set(found.labels, positions);
  return found;
}

function byLabels(
  known: string[],
  positions: Positions,
  wanted: readonly string[],
): { labels: string[]; at: number[] } {
  const index = (positions.byLabel ??= new Map(known.map((l, i) => [l, i] as const)));
  let labels = known;
  const at = new Array<number>(wanted.length);
  for (let j = 0; j < wanted.length; j++) {
    const label = wanted[j]!;
    let i = index.get(label);
    if (i === undefined || labels[i] !== label) {
      if (labels === known) labels = [...known];
      i = append(labels, positions, label, ITEM_IDS.idOf(label) ?? -1);
    }
    at[j] = i;
  }
  return { labels, at };
}

/** The same through the shared id table: an index per item instead of a string hash. */
function byIds(
  known: string[],
  positions: Positions,
  wanted: readonly number[],
): { labels: string[]; at: number[] } {
  const own = (positions.ids ??= known.map((l) => ITEM_IDS.idOf(l) ?? -1));
  const table = itemIdTable();
  for (let p = 0; p < known.length; p++) if (own[p]! >= 0) table[own[p]!] = p + 1;
  let labels = known;
  const at = new Array<number>(wanted.length);
  for (let j = 0; j < wanted.length; j++) {
    const id = wanted[j]!;
    let i = table[id]! - 1;
    if (i < 0) {
      if (labels === known) labels = [...known];
      i = append(labels, positions, ITEM_IDS.name(id), id);
      table[id] = i + 1;
    }
    at[j] = i;
  }
  for (let p = 0; p < labels.length; p++) if (own[p]! >= 0) table[own[p]!] = 0;
  return { labels, at };
}

/** Appends a label at the end of `labels` and to the lineage's lookups; its position. */
function append(labels: string[], positions: Positions, label: string, id: number): number {
  const i = labels.length;
  labels.push(label);
  positions.byLabel?.set(label, i);
  if (positions.ids) positions.ids[i] = id;
  return i;
}

/**
 * The look's evidence for the judge: the running minimum of the spent p-values (kept in the
 * trigger's state with the e-processes' running p-values, as 1 / e), and the leading checkpoint.
 */
export function spentEvidence(
  state: TriggerState,
  test: SpendableTest,
  since: number,
  now: number,
  alpha: number,
): { pValue: number; mixture: { logE: number; leadingAt?: number | undefined } } {
  const spent = spendCheckpoints(state, test, since, now);
  const logE = -Math.log(Math.max(spent.pValue, Number.MIN_VALUE));
  const running = state.evidence ? AlwaysValidPValue.from(state.evidence) : new AlwaysValidPValue({ alpha });
  const pValue = running.observe({ logE });
  state.evidence = running.toJSON();
  return { pValue, mixture: { logE, leadingAt: spent.leadingAt } };
}
