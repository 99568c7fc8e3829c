/**
 * A settled second held as one buffer. A control plane keeps ~60–70 seconds alone per stream, and
 * as objects (bucket, outcome counts, sketch, two stores, sketch of items, three typed arrays each
 * with its own ArrayBuffer) a baseline second's ~750 bytes of counts cost ~2.2 kB: the headers
 * were most of it. Packed, its numbers, latency bins, item ids and item counts share one
 * buffer (a piece of a shared slab, byte-slabs.ts); a merge reads it through transient views
 * (`parts`) that are the same compact sketch and frozen item counts the settled bucket held, so
 * every merge and read is unchanged.
 */
import { type Lifetime, type Slab, takeBytes } from './byte-slabs.js';
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
const U32_COUNT = Object.keys(U32).length;
const HEADER_BYTES = U32_AT + U32_COUNT * 4;

/** No input-quality counts or KPIs: shared by every packed second without any (never written). */
const NONE: Record<string, never> = Object.freeze({});

/** What a read without predictions gets in their place (never read: the merge skips them). */
const NO_PREDICTIONS = new HeavyHitters(0);

export class PackedSecond {
  private constructor(
    readonly sec: number,
    private readonly slab: Slab,
    /** Where this second's bytes start in the slab (8-byte aligned). */
    private readonly offset: number,
    private readonly inputQuality: Record<string, FieldQuality>,
    private readonly kpis: Record<string, Moments>,
  ) {}

  /**
   * `b` packed, or undefined when it is not in the settled form this packs (latency compact at
   * the default accuracy with whole counts and no negative values; predictions frozen as item ids
   * with whole counts; whole counts below 2^32). `lifetime`: how long it will be kept, which
   * decides the slabs its bytes are cut from.
   */
  static of(b: ReleaseBucket, lifetime: Lifetime): PackedSecond | undefined {
    const latency = compactParts(b.latency);
    const predictions = b.predictions.frozenParts();
    if (!latency || !predictions) return undefined;
    const { items, counts } = predictions;
    if (!ArrayBuffer.isView(items) || counts instanceof Float64Array) return undefined;
    const o = b.outcomes;
    // In the order of U32.
    const whole = [
      b.requests,
      o.ok,
      o.clientError,
      o.serverError,
      o.timeout,
      o.connectionError,
      o.invalidResponse,
      b.predictionResponses,
      b.inputRows,
      b.inputMismatchRows,
      latency.zeroCount,
      latency.count,
      latency.storeCount,
      latency.chunkSize,
      latency.bins.length,
      latency.bins.BYTES_PER_ELEMENT,
      b.predictions.capacity,
      b.predictions.floor,
      b.predictions.total,
      items.length,
      items.BYTES_PER_ELEMENT,
      counts.BYTES_PER_ELEMENT,
    ];
    for (const v of whole) if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) return undefined;
    const layout = arrays(whole, 0);
    const { slab, offset } = takeBytes(layout.end, lifetime);
    const { buffer, f64, u32 } = slab;
    const f = offset / 8;
    f64[f + F64.min] = latency.min;
    f64[f + F64.max] = latency.max;
    f64[f + F64.sum] = latency.sum;
    f64[f + F64.minKey] = latency.minKey;
    f64[f + F64.maxKey] = latency.maxKey;
    u32.set(whole, (offset + U32_AT) / 4);
    viewOf(buffer, offset + layout.ids, items.BYTES_PER_ELEMENT, items.length).set(items);
    viewOf(buffer, offset + layout.bins, latency.bins.BYTES_PER_ELEMENT, latency.bins.length).set(
      latency.bins,
    );
    viewOf(buffer, offset + layout.counts, counts.BYTES_PER_ELEMENT, items.length).set(counts);
    const quality = Object.keys(b.inputQuality).length > 0 ? b.inputQuality : NONE;
    const kpis = Object.keys(b.kpis).length > 0 ? b.kpis : NONE;
    return new PackedSecond(b.sec, slab, offset, quality, kpis);
  }

  /** What a merge reads, as the settled bucket held it (views over the buffer, never written). */
  parts(predictions = true): BucketParts {
    const { offset } = this;
    const { buffer, u32, f64 } = this.slab;
    // The header is read in place: h and f index the slab's views at this second's header.
    const h = (offset + U32_AT) / 4;
    const f = offset / 8;
    const layout = arrays(u32, h);
    const outcomes: OutcomeCounts = {
      ok: u32[h + U32.ok]!,
      clientError: u32[h + U32.clientError]!,
      serverError: u32[h + U32.serverError]!,
      timeout: u32[h + U32.timeout]!,
      connectionError: u32[h + U32.connectionError]!,
      invalidResponse: u32[h + U32.invalidResponse]!,
    };
    const latency = compactFromParts({
      bins: viewOf(buffer, offset + layout.bins, u32[h + U32.binBytes]!, u32[h + U32.bins]!),
      chunkSize: u32[h + U32.chunkSize]!,
      storeCount: u32[h + U32.storeCount]!,
      minKey: f64[f + F64.minKey]!,
      maxKey: f64[f + F64.maxKey]!,
      zeroCount: u32[h + U32.zeroCount]!,
      count: u32[h + U32.count]!,
      min: f64[f + F64.min]!,
      max: f64[f + F64.max]!,
      sum: f64[f + F64.sum]!,
    });
    return {
      requests: u32[h + U32.requests]!,
      outcomes,
      latency,
      predictions: predictions
        ? HeavyHitters.ofFrozen(
            u32[h + U32.capacity]!,
            u32[h + U32.floor]!,
            u32[h + U32.total]!,
            viewOf(buffer, offset + layout.ids, u32[h + U32.idBytes]!, u32[h + U32.items]!) as ItemIdArray,
            viewOf(buffer, offset + layout.counts, u32[h + U32.countBytes]!, u32[h + U32.items]!),
          )
        : NO_PREDICTIONS,
      predictionResponses: u32[h + U32.predictionResponses]!,
      inputRows: u32[h + U32.inputRows]!,
      inputMismatchRows: u32[h + U32.inputMismatchRows]!,
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

/**
 * Byte offsets of the three arrays after the header whose 32-bit fields start at `h[at]`, each
 * aligned to its width; `end` is the length.
 */
function arrays(
  h: ArrayLike<number>,
  at: number,
): { ids: number; bins: number; counts: number; end: number } {
  const idBytes = h[at + U32.idBytes]!;
  const items = h[at + U32.items]!;
  const binBytes = h[at + U32.binBytes]!;
  const countBytes = h[at + U32.countBytes]!;
  const ids = align(HEADER_BYTES, idBytes);
  const bins = align(ids + items * idBytes, binBytes);
  const counts = align(bins + h[at + U32.bins]! * binBytes, countBytes);
  return { ids, bins, counts, end: counts + items * countBytes };
}

function align(to: number, bytes: number): number {
  return Math.ceil(to / bytes) * bytes;
}

function viewOf(buffer: ArrayBuffer, at: number, bytes: number, length: number): NarrowUints {
  if (bytes === 1) return new Uint8Array(buffer, at, length);
  if (bytes === 2) return new Uint16Array(buffer, at, length);
  return new Uint32Array(buffer, at, length);
}
