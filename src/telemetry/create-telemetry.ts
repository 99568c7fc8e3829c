import type { Clock } from '../core/clock.js';
import type { InputSchema } from '../registry/schemas.js';
import { checkRow, compileSchema, type CompiledSchema } from './input-quality.js';
import { emptyOutcomes, ReleaseBucket, type SerializedBucket } from './release-bucket.js';
import {
  dropExpired,
  emptyBlocks,
  invalidateBlocks,
  mergeRange,
  MINUTE,
  rollMinute,
  slotAt,
  minuteOf,
  sealBefore,
  type RolledStream,
} from './rollups.js';
import { ItemInterner } from './item-interner.js';
import { SampleStore, type Sample, type SampleInput, type SampleOptions } from './sample-store.js';
import { WindowCache, type CachedStream } from './window-cache.js';
import type {
  KpiObservation,
  OutcomeCounts,
  ReleaseWindow,
  RequestObservation,
  TelemetryReader,
  TelemetryRecorder,
} from './types.js';

export interface TelemetryOptions {
  clock: Clock;
  /** Rolling window kept in memory, in seconds (default 3600). */
  windowSeconds?: number;
  /**
   * Seconds kept at one-second precision (default 60, at least 10). Older data is sealed into
   * one bucket per minute, kept to the end of the window and read as if all of the minute had
   * arrived in its first second: a window or series step counts a sealed minute whole when the
   * minute's start is in [from, to), so an edge that falls in a sealed minute moves up to the
   * next minute. A minute is sealed once it ended at least `secondsKept` seconds ago. This bounds
   * memory (per-second prediction counters for an hour of thousands of streams do not fit);
   * `secondsKept` ≥ `windowSeconds` − 60 keeps every second.
   */
  secondsKept?: number;
  /** The model's input schema, for data-quality counts (undefined = skip the checks). */
  schemas: (model: string) => InputSchema | undefined;
  /** PSI edges per numeric field; must depend on the model only, never the release. */
  histogramEdges?: (model: string, field: string) => readonly number[] | undefined;
  /** Distinct predicted items tracked exactly per bucket/window before the sketch bounds memory (default 1000). */
  itemCapacity?: number;
  samples?: SampleOptions;
}

export interface StreamKey {
  model: string;
  release: string;
  region: string;
}

/** A batch of closed buckets for another process to merge; pass `next` as the following `since`. */
export interface BucketBatch {
  next: number;
  buckets: SerializedBucket[];
}

export type ShadowEvent = 'mirrored' | 'dropped' | 'timeout' | 'error' | 'match' | 'mismatch';

export interface Telemetry extends TelemetryRecorder, TelemetryReader {
  shouldSample(): boolean;
  recordSample(sample: SampleInput): void;
  freeze(model: string, release: string): Sample[];
  /** Shadow-traffic counters (cumulative), exposed on /metrics. */
  recordShadow(model: string, release: string, event: ShadowEvent): void;
  exportBuckets(since: number): BucketBatch;
  importBuckets(batch: BucketBatch | SerializedBucket[]): void;
  /** Streams with data in the rolling window. */
  streams(): StreamKey[];
  /** Cumulative outcome counts since start (for Prometheus counters). */
  totals(key: StreamKey): OutcomeCounts | undefined;
  shadowTotals(): { model: string; release: string; event: ShadowEvent; count: number }[];
  readonly windowSeconds: number;
  /** The telemetry clock's time (epoch ms), so readers align spans with what was recorded. */
  now(): number;
}

interface Stream extends StreamKey, RolledStream, CachedStream {
  totals: OutcomeCounts;
}

/**
 * Seconds a closed second stays out of cached windows and roll-ups: remote gateways' buckets are
 * imported a little after their second closes. A later write is still seen (it invalidates what
 * covers its second); this only keeps such invalidations rare.
 */
const SETTLE_SECONDS = 2;
/** Cached windows not read for this long are dropped. */
const CACHE_IDLE_SECONDS = 60;

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const { clock } = options;
  const W = options.windowSeconds ?? 3600;
  if (!Number.isInteger(W) || W < 1) throw new Error(`windowSeconds: ${W} must be a positive integer`);
  const itemCapacity = options.itemCapacity ?? 1000;
  const kept = options.secondsKept ?? 60;
  if (!Number.isInteger(kept) || kept < 10) throw new Error(`secondsKept: ${kept} must be an integer >= 10`);
  // The ring holds a minute more than the horizon, so every second of an unsealed minute is in it.
  const sealing = kept + MINUTE < W;
  const ring = sealing ? kept + MINUTE : W;
  let boundary = 0;
  /** Minutes before this (a minute start) are sealed; never moves back, even with the clock. */
  const sealBoundary = (now: number): number =>
    sealing ? (boundary = Math.max(boundary, minuteOf(now - kept))) : Number.NEGATIVE_INFINITY;
  const samples = new SampleStore(options.samples);
  // model → release → region → stream: nested maps avoid building a key string per request.
  const streams = new Map<string, Map<string, Map<string, Stream>>>();
  const compiled = new WeakMap<InputSchema, CompiledSchema>();
  const shadow = new Map<string, { model: string; release: string; event: ShadowEvent; count: number }>();
  const cache = new WindowCache<Stream>(CACHE_IDLE_SECONDS);
  // Room for the live items of a few hundred models (a sketch holds < 2 × itemCapacity).
  const { intern } = new ItemInterner(256 * itemCapacity);
  let lastSweep = 0;
  let lastBlockSweep = 0;
  // Roll-up lags, one per stream in turn; a minute rolled by now - (kept - 3) is rolled before it is sealed.
  let streamCount = 0;
  const lagSpread = Math.max(1, kept - 5);

  const nowSec = (): number => Math.floor(clock.now() / 1000);
  const live = (sec: number, now: number): boolean => sec > now - W;

  function stream(model: string, release: string, region: string): Stream {
    let byRelease = streams.get(model);
    if (!byRelease) streams.set(model, (byRelease = new Map()));
    let byRegion = byRelease.get(release);
    if (!byRegion) byRelease.set(release, (byRegion = new Map()));
    let s = byRegion.get(region);
    if (!s) {
      s = {
        model,
        release,
        region,
        slots: new Array<ReleaseBucket | undefined>(ring),
        ring,
        minutes: new Map(),
        sealedTo: 0,
        lastSec: 0,
        totals: emptyOutcomes(),
        blocks: emptyBlocks(),
        rolledTo: 0,
        rollLag: streamCount++ % lagSpread,
        epoch: 0,
        coveredTo: 0,
      };
      byRegion.set(region, s);
    }
    return s;
  }

  /**
   * The bucket for `sec`, about to be written, evicting the slot's older second; undefined when
   * `sec` is outside the window. A second in a sealed minute writes to the minute's bucket. A
   * write into a second already rolled up or cached invalidates those, so no window is stale.
   */
  function bucket(s: Stream, sec: number): ReleaseBucket | undefined {
    const slot = ((sec % ring) + ring) % ring;
    const b = s.slots[slot];
    if (b && b.sec === sec && sec >= s.sealedTo) {
      wrote(s, sec);
      return b;
    }
    const now = nowSec();
    if (!live(sec, now)) return undefined;
    const sealTo = sealBoundary(now);
    sealBefore(s, sealTo, itemCapacity);
    if (sec > s.lastSec) s.lastSec = sec;
    wrote(s, sec);
    if (sec < sealTo) {
      const m = minuteOf(sec);
      let minute = s.minutes.get(m);
      if (!minute) s.minutes.set(m, (minute = new ReleaseBucket(m, itemCapacity)));
      return minute;
    }
    const current = s.slots[slot];
    if (current && current.sec === sec) return current;
    if (current && current.sec > sec) return undefined;
    const fresh = new ReleaseBucket(sec, itemCapacity);
    s.slots[slot] = fresh;
    // A second that has settled is only read from now on (a rare late write thaws it).
    slotAt(s, sec - SETTLE_SECONDS - 1)?.settle();
    if (sealing) rollMinute(s, sec - SETTLE_SECONDS, itemCapacity);
    if (now - lastSweep >= W) sweep(now);
    return fresh;
  }

  /** A write into `sec`: invalidates the roll-ups and cached windows holding it. */
  function wrote(s: Stream, sec: number): void {
    if (sec < s.rolledTo) invalidateBlocks(s, sec);
    // In a sealed minute, the write counts at the minute's start.
    if (sec < s.coveredTo || (sec < boundary && minuteOf(sec) < s.coveredTo)) s.epoch++;
  }

  /** Drops streams with nothing in the window, so retired releases do not hold memory. */
  function sweep(now: number): void {
    lastSweep = now;
    for (const [model, byRelease] of streams) {
      for (const [release, byRegion] of byRelease) {
        for (const [region, s] of byRegion) if (!live(s.lastSec, now)) byRegion.delete(region);
        if (byRegion.size === 0) byRelease.delete(release);
      }
      if (byRelease.size === 0) streams.delete(model);
    }
  }

  /**
   * A fresh bucket holding [lo, hi) of `matched`: the settled part copied from the cached window
   * for (query, lo), extended first by the seconds settled since its last read; the rest merged
   * from roll-ups and seconds.
   */
  function mergeWindow(
    q: { model: string; release: string; region?: string | undefined },
    matched: Stream[],
    lo: number,
    hi: number,
    now: number,
    sealTo: number,
  ): ReleaseBucket {
    const settle = now - SETTLE_SECONDS;
    const settledTo = Math.min(hi, settle);
    let settled: ReleaseBucket | undefined;
    let tailFrom = lo;
    // A window whose start is expiring changes every second: nothing to keep.
    if (settledTo > lo && lo > now - W + 1) {
      const region = q.region === undefined ? '*' : `=${q.region}`;
      const entry = cache.lookup(`${q.model}\u0000${q.release}\u0000${region}\u0000${lo}`, lo, matched, now);
      // Read per second up to an end that has since been sealed into a minute: that minute now counts whole.
      const resealed =
        entry.coveredTo < sealTo && entry.coveredTo % MINUTE !== 0 && entry.coveredTo >= entry.sealedTo;
      if (entry.merged === undefined || resealed) {
        entry.merged = new ReleaseBucket(lo, itemCapacity);
        entry.coveredTo = lo;
      }
      if (entry.merged && entry.coveredTo <= settledTo) {
        for (const s of matched)
          mergeRange(s, entry.coveredTo, settledTo, settle, entry.merged, itemCapacity);
        cache.covered(entry, settledTo, sealTo);
        settled = entry.merged;
        tailFrom = settledTo;
      }
    }
    const tail = new ReleaseBucket(lo, itemCapacity);
    for (const s of matched) mergeRange(s, tailFrom, hi, settle, tail, itemCapacity);
    // The cached merge stays the cache's: the answer is a new bucket (its predictions as arrays).
    return settled ? settled.plusScratch(tail) : tail;
  }

  /** Drops roll-up blocks that left the rolling window. */
  function sweepBlocks(now: number): void {
    lastBlockSweep = now;
    for (const byRelease of streams.values())
      for (const byRegion of byRelease.values()) for (const s of byRegion.values()) dropExpired(s, now - W);
  }

  function schemaFor(model: string): CompiledSchema | undefined {
    const schema = options.schemas(model);
    if (!schema) return undefined;
    let c = compiled.get(schema);
    if (!c) {
      c = compileSchema(schema, (field) => options.histogramEdges?.(model, field));
      compiled.set(schema, c);
    }
    return c;
  }

  function matching(q: { model: string; release: string; region?: string | undefined }): Stream[] {
    const byRegion = streams.get(q.model)?.get(q.release);
    if (!byRegion) return [];
    if (q.region === undefined) return [...byRegion.values()];
    const s = byRegion.get(q.region);
    return s ? [s] : [];
  }

  function toWindow(
    merged: ReleaseBucket,
    q: { model: string; release: string; region?: string | undefined },
    from: number,
    to: number,
  ): ReleaseWindow {
    return {
      model: q.model,
      release: q.release,
      region: q.region,
      from,
      to,
      requests: merged.requests,
      outcomes: merged.outcomes,
      latency: merged.latency,
      // `merged` is always a bucket built for this answer alone: its counts can be handed out.
      predictions: merged.predictions.view(),
      predictionResponses: merged.predictionResponses,
      inputRows: merged.inputRows,
      inputMismatchRows: merged.inputMismatchRows,
      inputQuality: merged.inputQuality,
      kpis: merged.kpis,
    };
  }

  function validateSpan(from: number, to: number, stepMs = 1): void {
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from)
      throw new Error(`window: need finite from <= to (got from=${from}, to=${to})`);
    if (!(stepMs > 0)) throw new Error(`series: stepMs must be > 0 (got ${stepMs})`);
  }

  const telemetry: Telemetry = {
    windowSeconds: W,
    now: () => clock.now(),

    record(obs: RequestObservation): void {
      const s = stream(obs.model, obs.release, obs.region);
      s.totals[obs.outcome]++;
      const b = bucket(s, Math.floor(obs.at / 1000));
      if (!b) return;
      b.requests++;
      b.outcomes[obs.outcome]++;
      b.latency.accept(obs.latencyMs > 0 ? obs.latencyMs : 0);
      if (obs.predictions) {
        b.predictionResponses++;
        for (const item of obs.predictions)
          b.predictions.add(typeof item === 'string' ? item : String(item), 1, intern);
      }
      if (obs.inputs && obs.inputs.length > 0) {
        const schema = schemaFor(obs.model);
        if (schema) {
          b.inputRows += obs.inputs.length;
          for (const row of obs.inputs) if (checkRow(schema, row, b.inputQuality)) b.inputMismatchRows++;
        }
      }
    },

    recordKpi(obs: KpiObservation): void {
      bucket(stream(obs.model, obs.release, obs.region), Math.floor(obs.at / 1000))?.addKpi(
        obs.metric,
        obs.value,
      );
    },

    window(q) {
      validateSpan(q.from, q.to);
      const now = nowSec();
      // Seconds s with from <= s·1000 < to, still in the rolling window.
      // In sealed minutes, a start moves up to the next minute (see `secondsKept`).
      const sealTo = sealBoundary(now);
      const first = Math.max(Math.ceil(q.from / 1000), now - W + 1);
      const lo = first < sealTo ? minuteOf(first + MINUTE - 1) : first;
      const hi = Math.ceil(q.to / 1000);
      const matched = matching(q);
      for (const s of matched) sealBefore(s, sealTo, itemCapacity);
      const merged =
        hi > lo && matched.length > 0
          ? mergeWindow(q, matched, lo, hi, now, sealTo)
          : new ReleaseBucket(Math.floor(q.from / 1000), itemCapacity);
      cache.evictIdle(now);
      if (now - lastBlockSweep >= 60) sweepBlocks(now);
      return toWindow(merged, q, q.from, q.to);
    },

    series(q) {
      validateSpan(q.from, q.to, q.stepMs);
      const steps = Math.ceil((q.to - q.from) / q.stepMs);
      const merged = Array.from({ length: steps }, (_, i) => new ReleaseBucket(i, itemCapacity));
      const now = nowSec();
      const sealTo = sealBoundary(now);
      const add = (b: ReleaseBucket | undefined): void => {
        if (!b || !live(b.sec, now) || b.sec * 1000 < q.from || b.sec * 1000 >= q.to) return;
        merged[Math.floor((b.sec * 1000 - q.from) / q.stepMs)]!.merge(b);
      };
      for (const s of matching(q)) {
        sealBefore(s, sealTo, itemCapacity);
        for (const b of s.minutes.values()) add(b);
        for (const b of s.slots) add(b);
      }
      return merged.map((m, i) =>
        toWindow(m, q, q.from + i * q.stepMs, Math.min(q.to, q.from + (i + 1) * q.stepMs)),
      );
    },

    shouldSample: () => samples.shouldSample(),
    recordSample: (sample) => samples.record(sample),
    freeze: (model, release) => samples.freeze(model, release),

    recordShadow(model, release, event) {
      const key = `${model}\u0000${release}\u0000${event}`;
      const entry = shadow.get(key);
      if (entry) entry.count++;
      else shadow.set(key, { model, release, event, count: 1 });
    },

    exportBuckets(since) {
      // Only closed seconds leave: the current one may still grow, and exporting it twice would double count.
      const now = nowSec();
      const sealTo = sealBoundary(now);
      const out: SerializedBucket[] = [];
      for (const byRelease of streams.values())
        for (const byRegion of byRelease.values())
          for (const s of byRegion.values()) {
            sealBefore(s, sealTo, itemCapacity);
            for (const b of [...s.minutes.values(), ...s.slots])
              if (b && live(b.sec, now) && b.sec * 1000 >= since && b.sec < now)
                out.push(b.serialize(s.model, s.release, s.region));
          }
      return { next: Math.max(since, now * 1000), buckets: out };
    },

    importBuckets(batch) {
      const list = Array.isArray(batch) ? batch : batch.buckets;
      for (const sb of list) {
        const s = stream(sb.model, sb.release, sb.region);
        const incoming = ReleaseBucket.deserialize(sb, intern);
        for (const o of Object.keys(s.totals) as (keyof OutcomeCounts)[]) s.totals[o] += incoming.outcomes[o];
        bucket(s, sb.sec)?.merge(incoming);
      }
    },

    streams() {
      const now = nowSec();
      const out: StreamKey[] = [];
      for (const byRelease of streams.values())
        for (const byRegion of byRelease.values())
          for (const s of byRegion.values())
            if (live(s.lastSec, now)) out.push({ model: s.model, release: s.release, region: s.region });
      return out;
    },

    totals: (k) => streams.get(k.model)?.get(k.release)?.get(k.region)?.totals,
    shadowTotals: () => [...shadow.values()].map((e) => ({ ...e })),
  };
  return telemetry;
}
