import { chiSquarePooled, ksBinned } from '../../stats/index.js';
import type { SpendableTest } from './types.js';

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * p-value of a chi-square homogeneity test of two count vectors, sparse categories pooled so the
 * far tail the judge tests at stays honest (chi-square-pooled.ts); 1 when a side is empty.
 */
export function homogeneityP(candidate: readonly number[], baseline: readonly number[]): number {
  return total(candidate) > 0 && total(baseline) > 0 ? chiSquarePooled(candidate, baseline).pValue : 1;
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
