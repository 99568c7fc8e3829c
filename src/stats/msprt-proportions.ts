/**
 * mSPRT for a difference of two proportions (error rate, conversion): theta = p_candidate −
 * p_baseline, or p_candidate/p_baseline − 1 when `relative`, with
 * S² = pA(1−pA)/nA + pB(1−pB)/nB (delta method for the ratio).
 */
import { msprtOf, noEvidence, nullValueOf } from './msprt.js';
import { StatsInputError } from './stats-input-error.js';

import type { SequentialOptions, SequentialResult } from './msprt.js';
import type { BinomialCounts } from './types.js';

export interface MsprtProportionsInput extends SequentialOptions {
  baseline: BinomialCounts;
  candidate: BinomialCounts;
}

function readCounts(field: string, counts: BinomialCounts): { x: number; n: number } {
  const x = 'successes' in counts ? counts.successes : counts.events;
  const { n } = counts;
  if (!(Number.isFinite(n) && n >= 0))
    throw new StatsInputError(`${field}.n`, `must be a finite number ≥ 0, got ${n}`);
  if (!(Number.isFinite(x) && x >= 0 && x <= n)) {
    const name = 'successes' in counts ? 'successes' : 'events';
    throw new StatsInputError(`${field}.${name}`, `must be within [0, n = ${n}], got ${x}`);
  }
  return { x, n };
}

/**
 * Variance of one arm's proportion. An arm at exactly 0 % or 100 % would have zero variance
 * and make any difference look infinitely certain; it uses (x + ½)/(n + 1) instead.
 */
function armVariance(x: number, n: number): number {
  const p = x === 0 || x === n ? (x + 0.5) / (n + 1) : x / n;
  return (p * (1 - p)) / n;
}

export function msprtProportions(input: MsprtProportionsInput): SequentialResult {
  const nullValue = nullValueOf(input);
  const a = readCounts('baseline', input.baseline);
  const b = readCounts('candidate', input.candidate);
  if (a.n === 0 || b.n === 0) return noEvidence(nullValue);
  const pA = a.x / a.n;
  const pB = b.x / b.n;
  const vA = armVariance(a.x, a.n);
  const vB = armVariance(b.x, b.n);
  const sampleSize = a.n + b.n;
  if (input.relative) {
    if (pA === 0) return noEvidence(nullValue);
    const estimate = pB / pA - 1;
    const variance = vB / (pA * pA) + (pB * pB * vA) / (pA * pA * pA * pA);
    return msprtOf(input, estimate, variance, sampleSize);
  }
  return msprtOf(input, pB - pA, vA + vB, sampleSize);
}
