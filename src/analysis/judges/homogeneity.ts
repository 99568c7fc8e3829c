import { categorySplitTest, gTestPooled, ksBinned } from '../../stats/index.js';
import type { SpendableTest } from './types.js';

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * p-value of a homogeneity test of two count vectors, 1 when a side is empty: the smaller of a
 * G-test with sparse categories pooled, so the far tail the judge tests at stays honest
 * (g-test-pooled.ts), and the most uneven single category (category-split-test.ts), which sees
 * a mass moved onto one rare item that pooling hides; doubled for taking the smaller of two.
 */
export function homogeneityP(candidate: readonly number[], baseline: readonly number[]): number {
  if (!(total(candidate) > 0 && total(baseline) > 0)) return 1;
  const spread = gTestPooled(candidate, baseline).pValue;
  const concentrated = categorySplitTest(candidate, baseline).pValue;
  return Math.min(1, 2 * Math.min(spread, concentrated));
}

/** p-value of the two-sample KS test on counts over ordered bins; 1 when a side is empty. */
export function ksP(candidate: readonly number[], baseline: readonly number[]): number {
  return total(candidate) > 0 && total(baseline) > 0 ? ksBinned(candidate, baseline).pValue : 1;
}

/** A field's counts on both arms as a test to spend across looks and checkpoints. */
export function spendable(
  field: { labels: readonly string[]; candidate: readonly number[]; baseline: readonly number[] },
  pValue: SpendableTest['pValue'],
): SpendableTest {
  return { labels: field.labels, candidate: field.candidate, baseline: field.baseline, pValue };
}
