/**
 * Compares a quantile of two DDSketches (canary vs baseline latency). DDSketch returns each
 * quantile within a relative error a of the exact sample quantile (a = relativeAccuracy,
 * 0.01 by default), so the true ratio lies within a factor (1 ± a)/(1 ∓ a) of the reported one.
 * That bound covers the sketch's error only, not sampling noise: pair it with
 * quantileIncreaseTest for a decision with a false-alarm guarantee.
 */
import { StatsInputError } from './stats-input-error.js';

import type { DDSketch } from '@datadog/sketches-js';

export interface QuantileComparison {
  candidate: number;
  baseline: number;
  /** candidate / baseline − 1 (NaN when either sketch is empty or the baseline is 0). */
  relativeChange: number;
  /** Worst-case multiplicative error of the ratio from the sketches: (1 + a)/(1 − a) − 1. */
  relativeErrorBound: number;
  /** Range of the exact-sample relative change allowed by the sketch error. */
  relativeChangeRange: [number, number];
}

export function requireQuantile(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new StatsInputError('q', `must be within [0, 1] (e.g. 0.95), got ${q}`);
}

export function compareQuantiles(candidate: DDSketch, baseline: DDSketch, q: number): QuantileComparison {
  requireQuantile(q);
  const c = candidate.getValueAtQuantile(q);
  const b = baseline.getValueAtQuantile(q);
  const a = Math.max(candidate.mapping.relativeAccuracy, baseline.mapping.relativeAccuracy);
  const widen = (1 + a) / (1 - a);
  const ratio = b > 0 && Number.isFinite(c) ? c / b : Number.NaN;
  return {
    candidate: c,
    baseline: b,
    relativeChange: ratio - 1,
    relativeErrorBound: widen - 1,
    relativeChangeRange: [ratio / widen - 1, ratio * widen - 1],
  };
}
