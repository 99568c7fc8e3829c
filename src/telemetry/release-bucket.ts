import type { DDSketch } from '@datadog/sketches-js';

import { compactSketch, EMPTY_SKETCH, isCompact, mergedSketch, thawSketch } from './compact-sketch.js';
import { HeavyHitters } from './heavy-hitters.js';
import { sketchFromProto, sketchToProto } from './sketch-wire.js';
import { mergeQuality } from './input-quality.js';
import type { FieldQuality, Moments, Outcome, OutcomeCounts } from './types.js';

export const RELATIVE_ACCURACY = 0.01;
/** Wire order of outcome counts; new outcomes are appended, so older peers' shorter arrays read as 0. */
const OUTCOMES: readonly Outcome[] = [
  'ok',
  'clientError',
  'serverError',
  'timeout',
  'connectionError',
  'invalidResponse',
];

export function emptyOutcomes(): OutcomeCounts {
  return { ok: 0, clientError: 0, serverError: 0, timeout: 0, connectionError: 0, invalidResponse: 0 };
}

/** Wire form of one bucket (or merged window): plain JSON, sketch as base64 protobuf. */
export interface SerializedBucket {
  model: string;
  release: string;
  region: string;
  /** Bucket start, epoch seconds. */
  sec: number;
  n: number;
  /** Outcome counts in the order ok, clientError, serverError, timeout, connectionError, invalidResponse. */
  o: number[];
  /** DDSketch protobuf, base64. */
  l: string;
  p: ReturnType<HeavyHitters['toJSON']>;
  pr: number;
  ir: number;
  /** Input rows that broke the schema (absent from older gateways: 0). */
  im?: number;
  q: Record<string, FieldQuality>;
  k: Record<string, Moments>;
}

/** What a merge reads of a bucket: the bucket itself, or a packed second's views (packed-second.ts). */
export interface BucketParts {
  readonly requests: number;
  readonly outcomes: OutcomeCounts;
  readonly latency: DDSketch;
  readonly predictions: HeavyHitters;
  readonly predictionResponses: number;
  readonly inputRows: number;
  readonly inputMismatchRows: number;
  readonly inputQuality: Record<string, FieldQuality>;
  readonly kpis: Record<string, Moments>;
}

/** Anything a bucket can merge: a ReleaseBucket, or a packed second. */
export interface MergeSource {
  readonly sec: number;
  /** With `predictions` false, `predictions` may be an empty stand-in (the merge skips them). */
  parts(predictions?: boolean): BucketParts;
}

/** Everything recorded for one (model, release, region) during one second. Mergeable. */
export class ReleaseBucket implements BucketParts, MergeSource {
  requests = 0;
  outcomes = emptyOutcomes();
  /** Compact (shared, read-only) until written: an empty bucket's, or a merged-in compact one's. */
  latency: DDSketch = EMPTY_SKETCH;
  predictions: HeavyHitters;
  predictionResponses = 0;
  inputRows = 0;
  inputMismatchRows = 0;
  inputQuality: Record<string, FieldQuality> = {};
  kpis: Record<string, Moments> = {};

  constructor(
    readonly sec: number,
    itemCapacity: number,
  ) {
    this.predictions = new HeavyHitters(itemCapacity);
  }

  addKpi(metric: string, value: number): void {
    let m = this.kpis[metric];
    if (!m) m = this.kpis[metric] = { n: 0, sum: 0, sumSq: 0 };
    m.n++;
    m.sum += value;
    m.sumSq += value * value;
  }

  /** Adds `other` in; with `predictions` false, all of it but its predictions (a read that needs none). */
  merge(other: MergeSource, predictions = true): void {
    const parts = other.parts(predictions);
    if (predictions) this.predictions.merge(parts.predictions);
    this.mergeAllButPredictions(parts);
  }

  /** `merge` of each of `sources` in turn; their predictions summed in one pass (HeavyHitters.mergeAll). */
  mergeAll(sources: readonly MergeSource[], predictions = true): void {
    if (sources.length === 1) return this.merge(sources[0]!, predictions);
    const kept: HeavyHitters[] = [];
    for (const source of sources) {
      const parts = source.parts(predictions);
      if (predictions) kept.push(parts.predictions);
      this.mergeAllButPredictions(parts);
    }
    if (predictions) this.predictions.mergeAll(kept);
  }

  parts(): BucketParts {
    return this;
  }

  /** Records one latency (a settled bucket's compact sketch is thawed first). */
  acceptLatency(ms: number): void {
    if (isCompact(this.latency)) this.latency = thawSketch(this.latency);
    this.latency.accept(ms);
  }

  private mergeAllButPredictions(other: BucketParts): void {
    this.requests += other.requests;
    for (const o of OUTCOMES) this.outcomes[o] += other.outcomes[o];
    this.latency = mergedSketch(this.latency, other.latency);
    this.predictionResponses += other.predictionResponses;
    this.inputRows += other.inputRows;
    this.inputMismatchRows += other.inputMismatchRows;
    mergeQuality(this.inputQuality, other.inputQuality);
    for (const [metric, m] of Object.entries(other.kpis)) {
      const dst = (this.kpis[metric] ??= { n: 0, sum: 0, sumSq: 0 });
      dst.n += m.n;
      dst.sum += m.sum;
      dst.sumSq += m.sumSq;
    }
  }

  /**
   * Switches a bucket that is done changing (a settled second, a roll-up) to compact forms: its
   * predictions frozen, its latency sketch compact (compact-sketch.ts: bins cut to the keys it
   * holds as 32-bit counts, the key mapping shared). A rare late write still works: both thaw.
   */
  settle(): void {
    this.predictions.freeze();
    this.compactLatency();
  }

  /** The latency sketch in its compact form, shared by the copies and merges made from it. */
  compactLatency(): void {
    this.latency = compactSketch(this.latency);
  }

  /** An independent copy of this bucket, as second `sec`. */
  clone(sec = this.sec, predictions = this.predictions.clone()): ReleaseBucket {
    const b = new ReleaseBucket(sec, this.predictions.capacity);
    b.requests = this.requests;
    b.outcomes = { ...this.outcomes };
    b.latency = mergedSketch(b.latency, this.latency);
    b.predictions = predictions;
    b.predictionResponses = this.predictionResponses;
    b.inputRows = this.inputRows;
    b.inputMismatchRows = this.inputMismatchRows;
    mergeQuality(b.inputQuality, this.inputQuality);
    for (const [metric, m] of Object.entries(this.kpis)) b.kpis[metric] = { ...m };
    return b;
  }

  /**
   * A new bucket equal to a copy of this one merged with `other`; the predictions come out frozen
   * (see HeavyHitters.plus), so no item map is copied. This bucket is unchanged; `other` is
   * scratch the caller drops (its predictions are used up).
   */
  plusScratch(other: ReleaseBucket): ReleaseBucket {
    const b = this.clone(this.sec, this.predictions.plus(other.predictions, { consume: true }));
    b.mergeAllButPredictions(other);
    return b;
  }

  serialize(model: string, release: string, region: string): SerializedBucket {
    return {
      model,
      release,
      region,
      sec: this.sec,
      n: this.requests,
      o: OUTCOMES.map((o) => this.outcomes[o]),
      l: Buffer.from(sketchToProto(this.latency)).toString('base64'),
      p: this.predictions.toJSON(),
      pr: this.predictionResponses,
      ir: this.inputRows,
      im: this.inputMismatchRows,
      q: this.inputQuality,
      k: this.kpis,
    };
  }

  /** `intern` shares predicted item strings across buckets (see HeavyHitters.fromJSON). */
  static deserialize(s: SerializedBucket, intern?: (item: string) => string): ReleaseBucket {
    const b = new ReleaseBucket(s.sec, s.p.c);
    b.requests = s.n;
    OUTCOMES.forEach((o, i) => (b.outcomes[o] = s.o[i] ?? 0));
    const sketch = sketchFromProto(Buffer.from(s.l, 'base64'));
    // Compact as read (settling would make it so two seconds later): a stream's slot shares it.
    b.latency = mergedSketch(b.latency, sketch);
    b.predictions = HeavyHitters.fromJSON(s.p, intern);
    b.predictionResponses = s.pr;
    b.inputRows = s.ir;
    b.inputMismatchRows = s.im ?? 0;
    mergeQuality(b.inputQuality, s.q);
    for (const [metric, m] of Object.entries(s.k)) b.kpis[metric] = { ...m };
    return b;
  }
}
