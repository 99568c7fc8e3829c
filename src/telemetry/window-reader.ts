import { HeavyHitters } from './heavy-hitters.js';
import { PackedSecond } from './packed-second.js';
import { type BucketParts, ReleaseBucket } from './release-bucket.js';
import {
  dropExpired,
  mergeRange,
  MINUTE,
  minuteOf,
  slotAt,
  type StoredSecond,
  TEN,
  tenOf,
} from './rollups.js';
import {
  type SealBounds,
  SETTLE_SECONDS,
  type Stream,
  type StreamQuery,
  type StreamTable,
} from './stream-table.js';
import type { ReleaseWindow, TelemetryReader } from './types.js';
import { WindowCache } from './window-cache.js';

/** Cached windows not read for this long are dropped. */
const CACHE_IDLE_SECONDS = 60;
/** Seconds between sweeps of roll-up blocks that left the window. */
const BLOCK_SWEEP_SECONDS = 60;

/**
 * The read side over a stream table: merged windows (the settled part cached and extended as
 * seconds close, so a judge's every-tick read stays cheap) and per-step series.
 */
export class WindowReader implements TelemetryReader {
  private readonly cache = new WindowCache<Stream>(CACHE_IDLE_SECONDS);
  private lastBlockSweep = 0;

  constructor(private readonly table: StreamTable) {}

  window(q: StreamQuery & { from: number; to: number; predictions?: boolean | undefined }): ReleaseWindow {
    validateSpan(q.from, q.to);
    const { table } = this;
    const now = table.nowSec();
    // Seconds s with from <= s·1000 < to, still in the rolling window.
    // In sealed spans, a start moves up to the next span (see `secondsKept`).
    const bounds = table.sealBounds(now);
    const first = Math.max(Math.ceil(q.from / 1000), now - table.windowSeconds + 1);
    const lo =
      first < bounds.minutes
        ? minuteOf(first + MINUTE - 1)
        : first < bounds.tens
          ? tenOf(first + TEN - 1)
          : first;
    const hi = Math.ceil(q.to / 1000);
    const matched = table.matching(q);
    for (const s of matched) table.seal(s, bounds);
    const merged =
      hi > lo && matched.length > 0
        ? this.mergeWindow(q, matched, lo, hi, now, bounds)
        : new ReleaseBucket(Math.floor(q.from / 1000), table.itemCapacity);
    this.cache.evictIdle(now);
    if (now - this.lastBlockSweep >= BLOCK_SWEEP_SECONDS) this.sweepBlocks(now);
    return toWindow(merged, q, q.from, q.to);
  }

  series(
    q: StreamQuery & { from: number; to: number; stepMs: number; predictions?: boolean | undefined },
  ): ReleaseWindow[] {
    validateSpan(q.from, q.to, q.stepMs);
    const { table } = this;
    const now = table.nowSec();
    const bounds = table.sealBounds(now);
    const predictions = q.predictions !== false;
    const matched = table.matching(q);
    for (const s of matched) table.seal(s, bounds);
    // Whole seconds all still held alone (from the last seal on): each step is one slot.
    if (
      !predictions &&
      matched.length === 1 &&
      q.stepMs === 1000 &&
      q.from % 1000 === 0 &&
      q.from / 1000 >= bounds.tens
    )
      return this.ringSeries(q, matched[0]!, now);
    const steps = Math.ceil((q.to - q.from) / q.stepMs);
    const merged = Array.from({ length: steps }, (_, i) => new ReleaseBucket(i, table.itemCapacity));
    const add = (b: StoredSecond | undefined): void => {
      if (!b || !table.live(b.sec, now) || b.sec * 1000 < q.from || b.sec * 1000 >= q.to) return;
      merged[Math.floor((b.sec * 1000 - q.from) / q.stepMs)]!.merge(b, predictions);
    };
    for (const s of matched) {
      for (const b of s.minutes.values()) add(b);
      for (const b of s.tens.values()) add(b);
      for (const b of s.slots) add(b);
    }
    return merged.map((m, i) =>
      toWindow(m, q, q.from + i * q.stepMs, Math.min(q.to, q.from + (i + 1) * q.stepMs)),
    );
  }

  /**
   * One-second steps of one stream, none of them sealed: the running blocked tests' recent seconds,
   * read again at every look. Each step is its slot's second alone, so a settled (packed) one is
   * answered from its views as they are, without a bucket merged from it; a second still open is
   * copied, as a merge would.
   */
  private ringSeries(q: StreamQuery & { from: number; to: number }, s: Stream, now: number): ReleaseWindow[] {
    const { table } = this;
    const first = q.from / 1000;
    const steps = Math.ceil((q.to - q.from) / 1000);
    const out: ReleaseWindow[] = [];
    for (let i = 0; i < steps; i++) {
      const from = (first + i) * 1000;
      const to = Math.min(q.to, from + 1000);
      const b = slotAt(s, first + i);
      const held = b && table.live(b.sec, now) ? b : undefined;
      if (held instanceof PackedSecond) out.push(partsWindow(held.parts(false), q, from, to));
      else {
        const merged = new ReleaseBucket(i, table.itemCapacity);
        if (held) merged.merge(held, false);
        out.push(toWindow(merged, q, from, to));
      }
    }
    return out;
  }

  /**
   * A fresh bucket holding [lo, hi) of `matched`: the settled part copied from the cached window
   * for (query, lo), extended first by the seconds settled since its last read; the rest merged
   * from roll-ups and seconds.
   */
  private mergeWindow(
    q: StreamQuery & { predictions?: boolean | undefined },
    matched: Stream[],
    lo: number,
    hi: number,
    now: number,
    bounds: SealBounds,
  ): ReleaseBucket {
    const { itemCapacity, windowSeconds } = this.table;
    const settle = now - SETTLE_SECONDS;
    const settledTo = Math.min(hi, settle);
    // A read without predictions keeps a cached window of its own, with none in it.
    const predictions = q.predictions !== false;
    let settled: ReleaseBucket | undefined;
    let tailFrom = lo;
    // A window whose start is expiring changes every second: nothing to keep.
    if (settledTo > lo && lo > now - windowSeconds + 1) {
      const region = q.region === undefined ? '*' : `=${q.region}`;
      const entry = this.cache.lookup(
        `${q.model}\u0000${q.release}\u0000${region}\u0000${lo}${predictions ? '' : '\u0000-'}`,
        lo,
        matched,
        now,
      );
      // Read up to an end that is now inside a sealed span: that span now counts whole.
      const c = entry.coveredTo;
      const resealed = (c < bounds.minutes && c % MINUTE !== 0) || (c < bounds.tens && c % TEN !== 0);
      if (entry.merged === undefined || resealed) {
        entry.merged = new ReleaseBucket(lo, itemCapacity);
        entry.coveredTo = lo;
      }
      if (entry.merged && entry.coveredTo <= settledTo) {
        if (entry.coveredTo < settledTo) {
          const closed = new ReleaseBucket(lo, itemCapacity);
          for (const s of matched)
            mergeRange(s, entry.coveredTo, settledTo, settle, closed, itemCapacity, predictions);
          // Kept between reads as flat arrays (plusScratch answers frozen predictions), not as a Map
          // of up to 2 × itemCapacity items: a controller keeps two such windows per rollout.
          entry.merged = entry.merged.plusScratch(closed);
          // Never written again (the next extension is a new bucket): every answer shares it.
          entry.merged.compactLatency();
        }
        this.cache.covered(entry, settledTo);
        settled = entry.merged;
        tailFrom = settledTo;
      }
    }
    const tail = new ReleaseBucket(lo, itemCapacity);
    for (const s of matched) mergeRange(s, tailFrom, hi, settle, tail, itemCapacity, predictions);
    // The cached merge stays the cache's: the answer is a new bucket (its predictions as arrays).
    return settled ? settled.plusScratch(tail) : tail;
  }

  /** Drops roll-up blocks that left the rolling window. */
  private sweepBlocks(now: number): void {
    this.lastBlockSweep = now;
    for (const s of this.table.all()) dropExpired(s, now - this.table.windowSeconds);
  }
}

function toWindow(merged: ReleaseBucket, q: StreamQuery, from: number, to: number): ReleaseWindow {
  // `merged` is always a bucket built for this answer alone: its counts can be handed out.
  return windowOf(merged, merged.predictions.view(), q, from, to);
}

/** The empty prediction counts of every answer read without predictions from a packed second. */
const NO_PREDICTION_COUNTS = new HeavyHitters(0).view();

/**
 * A window of one packed second's views, as `toWindow` gives that second merged into an empty
 * bucket: the same counts, its compact sketch and its input-quality and KPI records (a packed
 * second's are never written, as a window's are never), no predictions.
 */
function partsWindow(p: BucketParts, q: StreamQuery, from: number, to: number): ReleaseWindow {
  return windowOf(p, NO_PREDICTION_COUNTS, q, from, to);
}

function windowOf(
  p: BucketParts,
  predictions: ReadonlyMap<string, number>,
  q: StreamQuery,
  from: number,
  to: number,
): ReleaseWindow {
  return {
    model: q.model,
    release: q.release,
    region: q.region,
    from,
    to,
    requests: p.requests,
    outcomes: p.outcomes,
    latency: p.latency,
    predictions,
    predictionResponses: p.predictionResponses,
    inputRows: p.inputRows,
    inputMismatchRows: p.inputMismatchRows,
    inputQuality: p.inputQuality,
    kpis: p.kpis,
  };
}

function validateSpan(from: number, to: number, stepMs = 1): void {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from)
    throw new Error(`window: need finite from <= to (got from=${from}, to=${to})`);
  if (!(stepMs > 0)) throw new Error(`series: stepMs must be > 0 (got ${stepMs})`);
}
