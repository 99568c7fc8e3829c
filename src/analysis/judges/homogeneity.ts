import { categorySplitTest, gTestPooled, ksBinned } from '../../stats/index.js';
import type { SpendableTest } from './types.js';

function total(xs: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) n += xs[i]!;
  return n;
}

/**
 * The categories either arm saw: a category empty on both arms changes neither test (the G-test
 * pools or skips it, the split test skips it), and a 5 % canary's span since a checkpoint leaves
 * most of a catalogue empty. The counts as given when one is not a count, for the tests to refuse
 * by its index, or when every category was seen (a span since a checkpoint comes that way).
 */
function seenOnEither(
  candidate: ArrayLike<number>,
  baseline: ArrayLike<number>,
): { candidate: ArrayLike<number>; baseline: ArrayLike<number> } {
  // Copied from the first empty category on: counts that hold none are handed on as they are.
  let c: number[] | undefined;
  let b: number[] | undefined;
  for (let i = 0; i < candidate.length; i++) {
    const x = candidate[i]!;
    const y = baseline[i]!;
    if (!(Number.isFinite(x) && x >= 0 && Number.isFinite(y) && y >= 0)) return { candidate, baseline };
    if (x > 0 || y > 0) {
      c?.push(x);
      b?.push(y);
    } else if (!c) {
      c = Array.prototype.slice.call(candidate, 0, i) as number[];
      b = Array.prototype.slice.call(baseline, 0, i) as number[];
    }
  }
  return c && b ? { candidate: c, baseline: b } : { candidate, baseline };
}

/**
 * p-value of a homogeneity test of two count vectors, 1 when a side is empty: the smaller of a
 * G-test with sparse categories pooled, so the far tail the judge tests at stays honest
 * (g-test-pooled.ts), and the most uneven single category (category-split-test.ts), which sees
 * a mass moved onto one rare item that pooling hides; doubled for taking the smaller of two.
 */
export function homogeneityP(candidate: ArrayLike<number>, baseline: ArrayLike<number>): number {
  if (!(total(candidate) > 0 && total(baseline) > 0)) return 1;
  if (candidate.length !== baseline.length) return gTestPooled(candidate, baseline).pValue; // refuses unequal lengths, naming them
  const seen = seenOnEither(candidate, baseline);
  const spread = gTestPooled(seen.candidate, seen.baseline).pValue;
  const concentrated = categorySplitTest(seen.candidate, seen.baseline).pValue;
  return Math.min(1, 2 * Math.min(spread, concentrated));
}

/** p-value of the two-sample KS test on counts over ordered bins; 1 when a side is empty. */
export function ksP(candidate: ArrayLike<number>, baseline: ArrayLike<number>): number {
  return total(candidate) > 0 && total(baseline) > 0 ? ksBinned(candidate, baseline).pValue : 1;
}

/**
 * Counts on both arms as a test to spend across looks and checkpoints. The step's own counts are
 * tested once per look: the reading's p-value and the spending (checkpoint-spending.ts) both ask
 * for it, and get the same answer.
 */
export function spendable(
  field: Pick<SpendableTest, 'labels' | 'ids' | 'candidate' | 'baseline'>,
  pValue: SpendableTest['pValue'],
): SpendableTest {
  const seenOnly = pValue === homogeneityP;
  const { candidate, baseline } = field;
  let step: number | undefined;
  return {
    // Read through: a field may name its labels only when asked (aligned-items.ts).
    get labels() {
      return field.labels;
    },
    ids: field.ids,
    seenOnly,
    candidate,
    baseline,
    pValue: (c, b) => (c === candidate && b === baseline ? (step ??= pValue(c, b)) : pValue(c, b)),
  };
}
