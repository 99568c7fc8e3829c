/**
 * A settled second (or a sealed span, minute or roll-up) held as one buffer. A control plane keeps
 * ~60–70 seconds alone per stream, and as objects (bucket, outcome counts, sketch, two stores,
 * sketch of items, three typed arrays each with its own ArrayBuffer) a baseline second's ~750
 * bytes of counts cost ~2.2 kB: the headers were most of it. Packed, its numbers, latency bins and
 * items share one buffer (a piece of a shared slab, byte-slabs.ts): the numbers as varints, the
 * items as id-count pairs (id-count-pairs.ts), about half the bytes of fixed-width fields. A merge
 * reads it through `parts`: the same compact sketch (its bins a view in place) and the same item
 * counts the settled bucket held, the items in id order, so every count, total and bound is unchanged.
 */
import { type Lifetime, type Slab, takeBytes } from './byte-slabs.js';
import { compactFromParts, compactParts } from './compact-sketch.js';
import { HeavyHitters } from './heavy-hitters.js';
import { idOrder, pairsForm, readPairs, writePairs } from './id-count-pairs.js';
import { readVarints, varintBytes, writeVarint } from './varints.js';
import { mergeQuality } from './input-quality.js';
import type { ItemIdArray } from './item-ids.js';
import type { NarrowUints } from './narrow-uints.js';
import { type BucketParts, ReleaseBucket } from './release-bucket.js';
import type { FieldQuality, Moments, OutcomeCounts } from './types.js';

/**
 * Header: five 64-bit floats, then whole numbers below 2^32 as LEB128 (varints.ts), in these
 * orders. Most are small or 0 (a canary second's header takes ~70 bytes where 32-bit fields took 136).
 */
const F64 = { min: 0, max: 1, sum: 2, minKey: 3, maxKey: 4 } as const;
const WHOLE = {
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
  /** Bytes of the items as id-count pairs (id-count-pairs.ts); 0 when held as two fixed-width arrays. */
  pairBytes: 22,
  /** 1 when those pairs' ids are a bitmap, 0 when they are gaps (id-count-pairs.ts). */
  bitmap: 23,
} as const;
const WHOLE_AT = 5 * 8;
/** A read's header numbers, in the order of WHOLE: scratch, read by each `parts()` before it returns. */
const HEAD = new Uint32Array(Object.keys(WHOLE).length);

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
    // Items as id-count pairs where they are smaller so (nearly always: ids of a catalogue are dense).
    const order = idOrder(items);
    const form = pairsForm(items, counts, order);
    const pairs =
      form.bytes < items.length * (items.BYTES_PER_ELEMENT + counts.BYTES_PER_ELEMENT) ? form.bytes : 0;
    const o = b.outcomes;
    // In the order of WHOLE.
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
      pairs,
      form.bitmap ? 1 : 0,
    ];
    let headerBytes = WHOLE_AT;
    for (const v of whole) {
      if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) return undefined;
      headerBytes += varintBytes(v);
    }
    const layout = arrays(whole, headerBytes);
    const { slab, offset } = takeBytes(layout.end, lifetime);
    const { buffer, f64, u8 } = slab;
    const f = offset / 8;
    f64[f + F64.min] = latency.min;
    f64[f + F64.max] = latency.max;
    f64[f + F64.sum] = latency.sum;
    f64[f + F64.minKey] = latency.minKey;
    f64[f + F64.maxKey] = latency.maxKey;
    let at = offset + WHOLE_AT;
    for (const v of whole) at = writeVarint(u8, at, v);
    viewOf(buffer, offset + layout.bins, latency.bins.BYTES_PER_ELEMENT, latency.bins.length).set(
      latency.bins,
    );
    if (pairs > 0) writePairs(u8, offset + layout.pairs, items, counts, order, form);
    else {
      viewOf(buffer, offset + layout.ids, items.BYTES_PER_ELEMENT, items.length).set(items);
      viewOf(buffer, offset + layout.counts, counts.BYTES_PER_ELEMENT, items.length).set(counts);
    }
    const quality = Object.keys(b.inputQuality).length > 0 ? b.inputQuality : NONE;
    const kpis = Object.keys(b.kpis).length > 0 ? b.kpis : NONE;
    return new PackedSecond(b.sec, slab, offset, quality, kpis);
  }

  /** What a merge reads, as the settled bucket held it (views over the buffer, never written). */
  parts(predictions = true): BucketParts {
    const { offset } = this;
    const { buffer, u8, f64 } = this.slab;
    const f = offset / 8;
    const h = HEAD;
    const layout = arrays(h, readVarints(u8, offset + WHOLE_AT, h) - offset);
    const outcomes: OutcomeCounts = {
      ok: h[WHOLE.ok]!,
      clientError: h[WHOLE.clientError]!,
      serverError: h[WHOLE.serverError]!,
      timeout: h[WHOLE.timeout]!,
      connectionError: h[WHOLE.connectionError]!,
      invalidResponse: h[WHOLE.invalidResponse]!,
    };
    const latency = compactFromParts({
      bins: viewOf(buffer, offset + layout.bins, h[WHOLE.binBytes]!, h[WHOLE.bins]!),
      chunkSize: h[WHOLE.chunkSize]!,
      storeCount: h[WHOLE.storeCount]!,
      minKey: f64[f + F64.minKey]!,
      maxKey: f64[f + F64.maxKey]!,
      zeroCount: h[WHOLE.zeroCount]!,
      count: h[WHOLE.count]!,
      min: f64[f + F64.min]!,
      max: f64[f + F64.max]!,
      sum: f64[f + F64.sum]!,
    });
    return {
      requests: h[WHOLE.requests]!,
      outcomes,
      latency,
      predictions: predictions ? this.predictions(layout) : NO_PREDICTIONS,
      predictionResponses: h[WHOLE.predictionResponses]!,
      inputRows: h[WHOLE.inputRows]!,
      inputMismatchRows: h[WHOLE.inputMismatchRows]!,
      inputQuality: this.inputQuality,
      kpis: this.kpis,
    };
  }

  /** The prediction sketch (header in HEAD): views over the two arrays, or the pairs read into new arrays. */
  private predictions(layout: Layout): HeavyHitters {
    const { offset } = this;
    const { buffer, u8 } = this.slab;
    const h = HEAD;
    const n = h[WHOLE.items]!;
    const idBytes = h[WHOLE.idBytes]!;
    const countBytes = h[WHOLE.countBytes]!;
    const { ids, counts } =
      h[WHOLE.pairBytes]! > 0
        ? readPairs(u8, offset + layout.pairs, n, h[WHOLE.bitmap] === 1, idBytes, countBytes)
        : {
            ids: viewOf(buffer, offset + layout.ids, idBytes, n) as ItemIdArray,
            counts: viewOf(buffer, offset + layout.counts, countBytes, n),
          };
    return HeavyHitters.ofFrozen(h[WHOLE.capacity]!, h[WHOLE.floor]!, h[WHOLE.total]!, ids, counts);
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

  /** Bytes this second takes in its slab: header, latency bins and items. */
  bytes(): number {
    return arrays(HEAD, readVarints(this.slab.u8, this.offset + WHOLE_AT, HEAD) - this.offset).end;
  }

  /** Already settled. */
  settle(): void {}

  serialize(model: string, release: string, region: string): ReturnType<ReleaseBucket['serialize']> {
    return this.toBucket().serialize(model, release, region);
  }
}

/** Byte offsets of a packed bucket's arrays after its header; `end` is its length. */
interface Layout {
  ids: number;
  bins: number;
  counts: number;
  pairs: number;
  end: number;
}

/**
 * Byte offsets of the arrays after a header of `headerBytes` whose numbers are `h` (in the order of
 * WHOLE), each aligned to its width: the latency bins, then the items as two arrays (ids, counts) or
 * as pairs.
 */
function arrays(h: ArrayLike<number>, headerBytes: number): Layout {
  const idBytes = h[WHOLE.idBytes]!;
  const items = h[WHOLE.items]!;
  const binBytes = h[WHOLE.binBytes]!;
  const countBytes = h[WHOLE.countBytes]!;
  const pairs = h[WHOLE.pairBytes]!;
  const bins = align(headerBytes, binBytes);
  const binsEnd = bins + h[WHOLE.bins]! * binBytes;
  if (pairs > 0) return { ids: -1, bins, counts: -1, pairs: binsEnd, end: binsEnd + pairs };
  const ids = align(binsEnd, idBytes);
  const counts = align(ids + items * idBytes, countBytes);
  return { ids, bins, counts, pairs: -1, end: counts + items * countBytes };
}

function align(to: number, bytes: number): number {
  return Math.ceil(to / bytes) * bytes;
}

function viewOf(buffer: ArrayBuffer, at: number, bytes: number, length: number): NarrowUints {
  if (bytes === 1) return new Uint8Array(buffer, at, length);
  if (bytes === 2) return new Uint16Array(buffer, at, length);
  return new Uint32Array(buffer, at, length);
}
