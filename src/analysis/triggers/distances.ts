import type { TriggerMetric } from './types.js';

export type DistanceMetric = Extract<TriggerMetric, { kind: 'psi' | 'js' | 'ks' }>;
export type DistanceKind = DistanceMetric['kind'];

/**
 * Distribution distances of one input field from the baseline's: each is already a comparison
 * with the baseline, so it takes a plain number; `example` is the threshold suggested in errors,
 * `max` the largest value the distance can take (a threshold at or above it could never fire).
 */
export const DISTANCES: Readonly<Record<DistanceKind, { example: number; max: number }>> = Object.freeze({
  psi: { example: 0.2, max: Number.POSITIVE_INFINITY },
  /** Jensen-Shannon distance, natural log: at most sqrt(ln 2). */
  js: { example: 0.1, max: Math.sqrt(Math.LN2) },
  /** Kolmogorov-Smirnov statistic: a difference of two CDFs. */
  ks: { example: 0.1, max: 1 },
});

export const isDistance = (metric: TriggerMetric): metric is DistanceMetric => metric.kind in DISTANCES;
