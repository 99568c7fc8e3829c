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
import type { CheckpointState, TriggerState } from './judge-snapshot.js';
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
  const share = (start: number, last: number): number =>
    spentBy(now - start) - spentBy(Math.max(0, last - start));

  const startLevel = CHECKPOINTS.weight(0) * share(since, before);
  let best = startLevel > 0 ? test.pValue(test.candidate, test.baseline) / startLevel : Infinity;
  let leadingAt: number | undefined;
  let taken: Set<CheckpointState> | undefined;
  for (const c of checkpoints) {
    // A checkpoint written before spans kept their own time was taken at every look.
    const last = c.spentTo ?? before;
    if (!spanDue(c.at, last, now)) continue;
    const level = CHECKPOINTS.weight(c.index) * share(c.at, last);
    if (!(level > 0)) continue;
    (taken ??= new Set()).add(c);
    const span = sinceMark(test, at, typeof c.mark === 'string' ? unpackCounts(c.mark) : c.mark);
    const p = test.pValue(span.candidate, span.baseline) / level;
    // Ties (p-values that underflow to 0 on several spans) go to the latest span: the least diluted.
    if (p <= best) {
      best = p;
      leadingAt = c.at;
    }
  }
  // Replaced, not changed in place: an earlier state (a look undone, a snapshot) may share them.
  if (taken) state.checkpoints = checkpoints.map((c) => (taken.has(c) ? { ...c, spentTo: now } : c));
  return { pValue: Math.min(1, best), leadingAt };
}

/**
 * Whether the test on the span since a checkpoint started at `start`, last taken at `last`, is
 * taken again at `now`: once the span has grown by a quarter of its length then, and at least a
 * second. Looks at a span thus come on a geometric grid (1, 2, 3, 4, 5, 6.25, 7.8 … s into it),
 * ~4 + 4.5 ln(age / 4 s) of them instead of one per second: a checkpoint 5 minutes old is tested
 * every ~75 s, not 300 times. The level a skipped look would have spent goes to the next look
 * that takes the span (spentBy telescopes from `last`), and whether a look takes it depends on
 * the clock alone, so the union bound holds as before.
 */
export function spanDue(start: number, last: number, now: number): boolean {
  return now - last >= Math.max(SPAN_MIN_GAP_MS, Math.max(0, last - start) * SPAN_GROWTH);
}
/** A span is taken again after growing by this share of its length at its last look… */
const SPAN_GROWTH = 0.25;
/** …and no sooner than this after it. */
const SPAN_MIN_GAP_MS = 1000;

/** Zeros to build a mark in, shared by every look (a look builds at most one mark). */
let scratch = new Float64Array(1024);
function markScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  const counts = scratch.subarray(0, length);
  counts.fill(0);
  return counts;
}

/** Both arms' counts since a mark, written over at every span tested (each is tested at once). */
let spanCandidate = new Float64Array(1024);
let spanBaseline = new Float64Array(1024);

/**
 * Both arms' counts since a checkpoint's mark; a count below its mark (a sketch that pruned an
 * item) reads 0. A test that reads only the categories seen on either arm (`seenOnly`) is given
 * those alone, as it would keep them: most of a catalogue is empty on a 5 % canary's short span.
 * The counts are views of arrays the next span overwrites: the test reads them and keeps none.
 */
function sinceMark(
  test: SpendableTest,
  at: readonly number[],
  mark: ArrayLike<number>,
  all = !test.seenOnly,
): { candidate: Float64Array; baseline: Float64Array } {
  const n = at.length;
  if (spanCandidate.length < n) {
    spanCandidate = new Float64Array(Math.max(n, 2 * spanCandidate.length));
    spanBaseline = new Float64Array(spanCandidate.length);
  }
  const { candidate, baseline } = test;
  const marked = mark.length;
  let k = 0;
  for (let j = 0; j < n; j++) {
    const i = 2 * at[j]!;
    const x = Math.max(0, candidate[j]! - (i < marked ? mark[i]! : 0));
    const y = Math.max(0, baseline[j]! - (i + 1 < marked ? mark[i + 1]! : 0));
    // A count that is not one goes to the test as given, for it to refuse by its index.
    if (!all && !(Number.isFinite(x) && Number.isFinite(y))) return sinceMark(test, at, mark, true);
    if (all || x > 0 || y > 0) {
      spanCandidate[k] = x;
      spanBaseline[k] = y;
      k++;
    }
  }
  return { candidate: spanCandidate.subarray(0, k), baseline: spanBaseline.subarray(0, k) };
}

/**
 * Each label's position among a state's labels, kept between looks: a look whose labels are all
 * known keeps the state's array (no copy), and one that brings new labels appends them to a copy
 * (a state's fields are replaced, never changed in place) of exactly the length it needs (a
 * pushed array keeps up to half its length spare, and a judge holds one per data trigger).
 * Positions never move, so one set of lookups serves every array of a lineage: by label, and by
 * item id (each position's id in the telemetry's item table, -1 for a label without one), each
 * built when a look first needs it. A lookup is trusted only within the array at hand (a look
 * undone after appending left entries behind). An item has the same id at every look, so both
 * lookups give it the same position.
 */
interface Positions {
  byLabel?: Map<string, number>;
  /** Each position's item id, 32 bits each; may run past the array at hand (see above). */
  ids?: Int32Array;
}
const positionsOf = new WeakMap<readonly string[], Positions>();

function labelPositions(known: string[], test: SpendableTest): { labels: string[]; at: number[] } {
  let positions = positionsOf.get(known);
  if (!positions) positionsOf.set(known, (positions = {}));
  const added = new Appended(known, positions);
  const at = test.ids ? byIds(added, test.ids) : byLabels(added, test.labels);
  const labels = added.labels();
  if (labels !== known) positionsOf.set(labels, positions);
  return { labels, at };
}

function byLabels(added: Appended, wanted: readonly string[]): number[] {
  const { known, positions } = added;
  const index = (positions.byLabel ??= new Map(known.map((l, i) => [l, i] as const)));
  const at = new Array<number>(wanted.length);
  for (let j = 0; j < wanted.length; j++) {
    const label = wanted[j]!;
    let i = index.get(label);
    if (i === undefined || added.label(i) !== label) i = added.append(label, ITEM_IDS.idOf(label) ?? -1);
    at[j] = i;
  }
  return at;
}

/** The same through the shared id table: an index per item instead of a string hash. */
function byIds(added: Appended, wanted: readonly number[]): number[] {
  const { known, positions } = added;
  const own = (positions.ids ??= Int32Array.from(known, (l) => ITEM_IDS.idOf(l) ?? -1));
  const table = itemIdTable();
  for (let p = 0; p < known.length; p++) if (own[p]! >= 0) table[own[p]!] = p + 1;
  const at = new Array<number>(wanted.length);
  for (let j = 0; j < wanted.length; j++) {
    const id = wanted[j]!;
    let i = table[id]! - 1;
    if (i < 0) {
      i = added.append(ITEM_IDS.name(id), id);
      table[id] = i + 1;
    }
    at[j] = i;
  }
  for (let p = 0; p < known.length; p++) if (own[p]! >= 0) table[own[p]!] = 0;
  for (const id of added.ids) table[id] = 0;
  return at;
}

/** The labels a look brings after a lineage's known ones, and the lineage's lookups for them. */
class Appended {
  readonly #added: string[] = [];
  /** Ids of the appended labels that have one. */
  readonly ids: number[] = [];

  constructor(
    readonly known: string[],
    readonly positions: Positions,
  ) {}

  /** The label at position `i` in this look's array. */
  label(i: number): string | undefined {
    return i < this.known.length ? this.known[i] : this.#added[i - this.known.length];
  }

  /** Appends a label; its position. */
  append(label: string, id: number): number {
    const i = this.known.length + this.#added.length;
    this.#added.push(label);
    if (id >= 0) this.ids.push(id);
    this.positions.byLabel?.set(label, i);
    let ids = this.positions.ids;
    if (ids) {
      if (i >= ids.length) {
        const grown = new Int32Array(Math.max(i + 1, Math.ceil(ids.length * 1.25) + 16));
        grown.set(ids);
        this.positions.ids = ids = grown;
      }
      ids[i] = id;
    }
    return i;
  }

  /** The look's labels: the known array when it brought none, else a copy with them appended. */
  labels(): string[] {
    return this.#added.length === 0 ? this.known : this.known.concat(this.#added);
  }
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
