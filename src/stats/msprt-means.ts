/**
 * mSPRT for a difference of two means (KPI values per request) from running moments:
 * theta = mean_candidate − mean_baseline (or the ratio − 1 when `relative`),
 * S² = sA²/nA + sB²/nB with unbiased sample variances.
 */
import { msprtOf, noEvidence, nullValueOf } from './msprt.js';
import { StatsInputError } from './stats-input-error.js';

import type { SequentialOptions, SequentialResult } from './msprt.js';
import type { Moments } from './types.js';

export interface MsprtMeansInput extends SequentialOptions {
  baseline: Moments;
  candidate: Moments;
}

function readMoments(field: string, m: Moments): { n: number; mean: number; variance: number } {
  for (const key of ['n', 'sum', 'sumSq'] as const) {
    if (!Number.isFinite(m[key]))
      throw new StatsInputError(`${field}.${key}`, `must be finite, got ${m[key]}`);
  }
  if (m.n < 0) throw new StatsInputError(`${field}.n`, `must be ≥ 0, got ${m.n}`);
  if (m.sumSq < 0) throw new StatsInputError(`${field}.sumSq`, `must be ≥ 0, got ${m.sumSq}`);
  const mean = m.n > 0 ? m.sum / m.n : Number.NaN;
  // Clamp: sumSq − sum²/n can dip below 0 by rounding when all values are equal.
  const variance = m.n > 1 ? Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1)) : Number.NaN;
  return { n: m.n, mean, variance };
}

/** Moments of a list of values (helper for callers holding raw samples). */
export function momentsOf(values: Iterable<number>): Moments {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    n++;
    sum += v;
    sumSq += v * v;
  }
  return { n, sum, sumSq };
}

export function msprtMeans(input: MsprtMeansInput): SequentialResult {
  const nullValue = nullValueOf(input);
  const a = readMoments('baseline', input.baseline);
  const b = readMoments('candidate', input.candidate);
  if (a.n < 2 || b.n < 2) return noEvidence(nullValue);
  const vA = a.variance / a.n;
  const vB = b.variance / b.n;
  const sampleSize = a.n + b.n;
  if (input.relative) {
    if (a.mean === 0) return noEvidence(nullValue);
    const estimate = b.mean / a.mean - 1;
    const variance = vB / (a.mean * a.mean) + (b.mean * b.mean * vA) / a.mean ** 4;
    return msprtOf(input, estimate, variance, sampleSize);
  }
  return msprtOf(input, b.mean - a.mean, vA + vB, sampleSize);
}
