/**
 * Aggregates shadow comparisons per (model, shadow release) by segment: overall, each configured
 * key's value, and the hour of day (UTC) — so "v2 drifts for the night segment" is visible before
 * any user sees v2. Counts are plain sums, so reports from several workers merge by addition.
 */
import type { Comparison } from './compare-outputs.js';

export interface SegmentCounts {
  compared: number;
  exact: number;
  withinTolerance: number;
  jaccardSum: number;
  jaccardCount: number;
  labelSum: number;
  labelCount: number;
  /** Largest absolute numeric difference seen. */
  maxAbsDiff: number;
  errors: number;
  timeouts: number;
}

export interface SegmentSummary extends SegmentCounts {
  key: string;
  value: string;
  exactRate: number | null;
  toleranceRate: number | null;
  meanJaccard: number | null;
  labelAgreement: number | null;
}

export interface ShadowReport {
  model: string;
  release: string;
  /** Requests sent to the shadow release. */
  mirrored: number;
  /** Requests not mirrored because the queue was full. */
  dropped: number;
  overall: SegmentSummary;
  segments: SegmentSummary[];
}

/** Distinct values kept per segment key; the rest are counted under "(other)". */
const MAX_VALUES_PER_KEY = 100;

const empty = (): SegmentCounts => ({
  compared: 0,
  exact: 0,
  withinTolerance: 0,
  jaccardSum: 0,
  jaccardCount: 0,
  labelSum: 0,
  labelCount: 0,
  maxAbsDiff: 0,
  errors: 0,
  timeouts: 0,
});

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function summarize(key: string, value: string, c: SegmentCounts): SegmentSummary {
  return {
    key,
    value,
    ...c,
    exactRate: ratio(c.exact, c.compared),
    toleranceRate: ratio(c.withinTolerance, c.compared),
    meanJaccard: ratio(c.jaccardSum, c.jaccardCount),
    labelAgreement: ratio(c.labelSum, c.labelCount),
  };
}

function add(into: SegmentCounts, from: SegmentCounts): void {
  into.compared += from.compared;
  into.exact += from.exact;
  into.withinTolerance += from.withinTolerance;
  into.jaccardSum += from.jaccardSum;
  into.jaccardCount += from.jaccardCount;
  into.labelSum += from.labelSum;
  into.labelCount += from.labelCount;
  into.maxAbsDiff = Math.max(into.maxAbsDiff, from.maxAbsDiff);
  into.errors += from.errors;
  into.timeouts += from.timeouts;
}

export type ShadowOutcome =
  { kind: 'compared'; comparison: Comparison } | { kind: 'error' } | { kind: 'timeout' };

export class ShadowAggregate {
  mirrored = 0;
  dropped = 0;
  private readonly overall = empty();
  /** key → value → counts */
  private readonly segments = new Map<string, Map<string, SegmentCounts>>();

  constructor(
    readonly model: string,
    readonly release: string,
  ) {}

  add(segments: readonly (readonly [string, string])[], outcome: ShadowOutcome): void {
    const delta = empty();
    if (outcome.kind === 'error') delta.errors = 1;
    else if (outcome.kind === 'timeout') delta.timeouts = 1;
    else {
      const c = outcome.comparison;
      delta.compared = 1;
      delta.exact = c.exact ? 1 : 0;
      delta.withinTolerance = c.withinTolerance ? 1 : 0;
      delta.maxAbsDiff = c.maxAbsDiff;
      if (c.jaccard !== undefined) {
        delta.jaccardSum = c.jaccard;
        delta.jaccardCount = 1;
      }
      if (c.labelAgreement !== undefined) {
        delta.labelSum = c.labelAgreement;
        delta.labelCount = 1;
      }
    }
    add(this.overall, delta);
    for (const [key, value] of segments) add(this.segment(key, value), delta);
  }

  private segment(key: string, value: string): SegmentCounts {
    let values = this.segments.get(key);
    if (!values) this.segments.set(key, (values = new Map()));
    let counts = values.get(value);
    if (!counts) {
      const v = values.size >= MAX_VALUES_PER_KEY ? '(other)' : value;
      counts = values.get(v);
      if (!counts) values.set(v, (counts = empty()));
    }
    return counts;
  }

  report(): ShadowReport {
    const segments: SegmentSummary[] = [];
    for (const [key, values] of this.segments)
      for (const [value, counts] of values) segments.push(summarize(key, value, counts));
    segments.sort((a, b) => (a.key === b.key ? a.value.localeCompare(b.value) : a.key.localeCompare(b.key)));
    return {
      model: this.model,
      release: this.release,
      mirrored: this.mirrored,
      dropped: this.dropped,
      overall: summarize('overall', 'all', this.overall),
      segments,
    };
  }
}

/** Adds reports of the same (model, release) from several workers. */
export function mergeReports(reports: readonly ShadowReport[]): ShadowReport | undefined {
  const [first] = reports;
  if (!first) return undefined;
  const overall = empty();
  const segments = new Map<string, SegmentSummary>();
  let mirrored = 0;
  let dropped = 0;
  for (const r of reports) {
    mirrored += r.mirrored;
    dropped += r.dropped;
    add(overall, r.overall);
    for (const s of r.segments) {
      const id = `${s.key}\u0000${s.value}`;
      const into = segments.get(id) ?? { ...summarize(s.key, s.value, empty()) };
      add(into, s);
      segments.set(id, into);
    }
  }
  return {
    model: first.model,
    release: first.release,
    mirrored,
    dropped,
    overall: summarize('overall', 'all', overall),
    segments: [...segments.values()].map((s) => summarize(s.key, s.value, s)),
  };
}
