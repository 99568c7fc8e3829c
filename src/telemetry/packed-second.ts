/**
 * A settled second held as one buffer. A control plane keeps ~60–70 seconds alone per stream, and
 * as objects (bucket, outcome counts, sketch, two stores, sketch of items, three typed arrays each
 * with its own ArrayBuffer) a baseline second's ~750 bytes of counts cost ~2.2 kB: the headers
 * were most of it. Packed, its numbers, latency bins, item ids and item counts share one
 * ArrayBuffer; a merge reads it through transient views (`parts`) that are the same compact
 * sketch and frozen item counts the settled bucket held, so every merge and read is unchanged.
 */
import { compactFromParts, compactParts } from './compact-sketch.js';
import { HeavyHitters } from './heavy-hitters.js';
import { mergeQuality } from './input-quality.js';
import type { ItemIdArray } from './item-ids.js';
import type { NarrowUints } from './narrow-uints.js';
import { type BucketParts, ReleaseBucket } from './release-bucket.js';
import type { FieldQuality, Moments, OutcomeCounts } from './types.js';

/** Header: five 64-bit floats, then 32-bit unsigned integers, in these orders. */
const F64 = { min: 0, max: 1, sum: 2, minKey: 3, maxKey: 4 } as const;
const U32 = {
  requests: 0,
  ok: 1,
  clientError: 2,
  serverError: 3,
  timeout: 4,
  connectionError: 5,
  invalidResponse: 6,
  predictionResponses: 7,
  inputRows: 8,
  inputMismatchRows: 9,
  zeroCount: 10,
  count: 11,
  storeCount: 12,
  chunkSize: 13,
  bins: 14,
  binBytes: 15,
  capacity: 16,
  floor: 17,
  total: 18,
  items: 19,
  idBytes: 20,
  countBytes: 21,
} as const;
const U32_AT = 5 * 8;
const HEADER_BYTES = U32_AT + Object.keys(U32).length * 4;
const OUTCOMES = [
  'ok',
  'clientError',
  'serverError',
  'timeout',
  'connectionError',
  'invalidResponse',
] as const;

/** No input-quality counts or KPIs: shared by every packed second without any (never written). */
const NONE: Record<string, never> = Object.freeze({});

export class PackedSecond {
  private constructor(
    readonly sec: number,
    private readonly buffer: ArrayBuffer,
    private readonly inputQuality: Record<string, FieldQuality>,
    private readonly kpis: Record<string, Moments>,
  ) {}

  /**
   * `b` packed, or undefined when it is not in the settled form this packs (latency compact at
   * the default accuracy with whole counts and no negative values; predictions frozen as item ids
   * with whole counts; whole counts below 2^32).
   */
  static of(b: ReleaseBucket): PackedSecond | undefined {
    const latency = compactParts(b.latency);
    const predictions = b.predictions.frozenParts();
    if (!latency || !predictions) return undefined;
    const { items, counts } = predictions;
    if (!ArrayBuffer.isView(items) || counts instanceof Float64Array) return undefined;
    const whole: Record<keyof typeof U32, number> = {
      requests: b.requests,
      ...b.outcomes,
      predictionResponses: b.predictionResponses,
      inputRows: b.inputRows,
      inputMismatchRows: b.inputMismatchRows,
      zeroCount: latency.zeroCount,
      count: latency.count,
      storeCount: latency.storeCount,
      chunkSize: latency.chunkSize,
      bins: latency.bins.length,
      binBytes: latency.bins.BYTES_PER_ELEMENT,
      capacity: b.predictions.capacity,
      floor: b.predictions.floor,
      total: b.predictions.total,
      items: items.length,
      idBytes: items.BYTES_PER_ELEMENT,
      countBytes: counts.BYTES_PER_ELEMENT,
    };
    for (const v of Object.values(whole))
      if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) return undefined;
    const layout = arrays(whole);
    const buffer = new ArrayBuffer(layout.end);
    const view = new DataView(buffer);
    view.setFloat64(F64.min * 8, latency.min);
    view.setFloat64(F64.max * 8, latency.max);
    view.setFloat64(F64.sum * 8, latency.sum);
    view.setFloat64(F64.minKey * 8, latency.minKey);
    view.setFloat64(F64.maxKey * 8, latency.maxKey);
    for (const [field, i] of Object.entries(U32))
      view.setUint32(U32_AT + i * 4, whole[field as keyof typeof U32]);
    viewOf(buffer, layout.ids, whole.idBytes, whole.items).set(items);
    viewOf(buffer, layout.bins, whole.binBytes, whole.bins).set(latency.bins);
    viewOf(buffer, layout.counts, whole.countBytes, whole.items).set(counts);
    const quality = Object.keys(b.inputQuality).length > 0 ? b.inputQuality : NONE;
    const kpis = Object.keys(b.kpis).length > 0 ? b.kpis : NONE;
    return new PackedSecond(b.sec, buffer, quality, kpis);
  }

  /** What a merge reads, as the settled bucket held it (views over the buffer, never written). */
  parts(): BucketParts {
    const { buffer } = this;
    const view = new DataView(buffer);
    const u = (field: keyof typeof U32): number => view.getUint32(U32_AT + U32[field] * 4);
    const f = (field: keyof typeof F64): number => view.getFloat64(F64[field] * 8);
    const header = {} as Record<keyof typeof U32, number>;
    for (const field of Object.keys(U32) as (keyof typeof U32)[]) header[field] = u(field);
    const layout = arrays(header);
    const outcomes = {} as OutcomeCounts;
    for (const o of OUTCOMES) outcomes[o] = header[o];
    const latency = compactFromParts({
      bins: viewOf(buffer, layout.bins, header.binBytes, header.bins),
      chunkSize: header.chunkSize,
      storeCount: header.storeCount,
      minKey: f('minKey'),
      maxKey: f('maxKey'),
      zeroCount: header.zeroCount,
      count: header.count,
      min: f('min'),
      max: f('max'),
      sum: f('sum'),
    });
    const predictions = HeavyHitters.ofFrozen(
      header.capacity,
      header.floor,
      header.total,
      viewOf(buffer, layout.ids, header.idBytes, header.items) as ItemIdArray,
      viewOf(buffer, layout.counts, header.countBytes, header.items),
    );
    return {
      requests: header.requests,
      outcomes,
      latency,
      predictions,
      predictionResponses: header.predictionResponses,
      inputRows: header.inputRows,
      inputMismatchRows: header.inputMismatchRows,
      inputQuality: this.inputQuality,
      kpis: this.kpis,
    };
  }

  /** The settled bucket this was packed from (equal in every count; a write thaws it as usual). */
  toBucket(): ReleaseBucket {
    const p = this.parts();
    const b = new ReleaseBucket(this.sec, p.predictions.capacity);
    b.requests = p.requests;
    b.outcomes = p.outcomes;
    b.latency = p.latency;
    b.predictions = p.predictions;
    b.predictionResponses = p.predictionResponses;
    b.inputRows = p.inputRows;
    b.inputMismatchRows = p.inputMismatchRows;
    // Copies: the bucket may be written, the packed second's are shared.
    mergeQuality(b.inputQuality, this.inputQuality);
    for (const [metric, m] of Object.entries(this.kpis)) b.kpis[metric] = { ...m };
    return b;
  }

  /** Already settled. */
  settle(): void {}

  serialize(model: string, release: string, region: string): ReturnType<ReleaseBucket['serialize']> {
    return this.toBucket().serialize(model, release, region);
  }
}

/** Byte offsets of the three arrays after the header, each aligned to its width; `end` is the length. */
function arrays(h: Record<keyof typeof U32, number>): {
  ids: number;
  bins: number;
  counts: number;
  end: number;
} {
  const align = (at: number, bytes: number): number => Math.ceil(at / bytes) * bytes;
  const ids = align(HEADER_BYTES, h.idBytes);
  const bins = align(ids + h.items * h.idBytes, h.binBytes);
  const counts = align(bins + h.bins * h.binBytes, h.countBytes);
  return { ids, bins, counts, end: counts + h.items * h.countBytes };
}

function viewOf(buffer: ArrayBuffer, at: number, bytes: number, length: number): NarrowUints {
  if (bytes === 1) return new Uint8Array(buffer, at, length);
  if (bytes === 2) return new Uint16Array(buffer, at, length);
  return new Uint32Array(buffer, at, length);
}
