import type { Clock } from '../core/clock.js';
import { emptyOutcomes, ReleaseBucket } from './release-bucket.js';
import { writableAt } from './stored-bucket.js';
import { StreamCounters } from './stream-counters.js';
import {
  emptyBlocks,
  invalidateBlocks,
  MINUTE,
  minuteOf,
  rollMinute,
  repackSealed,
  rollTen,
  sealBefore,
  settleSlot,
  tenOf,
  writableSlot,
  type RolledStream,
  type StoredSecond,
} from './rollups.js';
import type { CachedStream } from './window-cache.js';
import type { OutcomeCounts } from './types.js';

export interface StreamKey {
  model: string;
  release: string;
  region: string;
}

/** What a reader asks for: one release, in one region or (region undefined) all of them. */
export interface StreamQuery {
  model: string;
  release: string;
  region?: string | undefined;
}

/** Everything recorded for one (model, release, region): its buckets, roll-ups and totals. */
export interface Stream extends StreamKey, RolledStream, CachedStream {
  totals: OutcomeCounts;
  /** Latency histogram and input-quality counts since start (Prometheus counters). */
  counters: StreamCounters;
}

/** Where sealing stands: seconds before `tens` are held per 10 s, those before `minutes` per minute. */
export interface SealBounds {
  /** A minute start; every minute before it is sealed. */
  minutes: number;
  /** A multiple of 10, at least `minutes`; every 10 s span before it is sealed. */
  tens: number;
}

/**
 * Seconds a closed second stays out of cached windows and roll-ups: remote gateways' buckets are
 * imported a little after their second closes. A later write is still seen (it invalidates what
 * covers its second); this only keeps such invalidations rare.
 */
export const SETTLE_SECONDS = 2;

export interface StreamTableOptions {
  clock: Clock;
  /** Rolling window kept in memory, in seconds. */
  windowSeconds: number;
  /** Seconds kept at one-second precision before a minute is sealed (see TelemetryOptions). */
  secondsKept: number;
  /** Distinct predicted items tracked exactly per bucket. */
  itemCapacity: number;
}

/**
 * Every stream in the rolling window, keyed model → release → region, and the rules for writing
 * into it: which bucket a second lands in, when minutes are sealed, when idle streams go.
 */
export class StreamTable {
  readonly windowSeconds: number;
  readonly itemCapacity: number;
  private readonly clock: Clock;
  private readonly kept: number;
  /** Whether older minutes are sealed at all (not when every second of the window is kept). */
  private readonly sealing: boolean;
  /** Slots per stream: a minute more than the horizon, so every second of an unsealed minute is in it. */
  private readonly ring: number;
  /** Minutes before this (a minute start) are sealed; never moves back, even with the clock. */
  private boundary = 0;
  /** 10 s spans before this are sealed; never moves back either. */
  private tenBoundary = 0;
  // Nested maps avoid building a key string per request.
  private readonly byModel = new Map<string, Map<string, Map<string, Stream>>>();
  private lastSweep = 0;
  // Roll-up lags, one per stream in turn; a minute rolled by now - (kept - 3) is rolled before it is sealed.
  private streamCount = 0;
  private readonly lagSpread: number;

  constructor(options: StreamTableOptions) {
    const W = options.windowSeconds;
    if (!Number.isInteger(W) || W < 1) throw new Error(`windowSeconds: ${W} must be a positive integer`);
    const kept = options.secondsKept;
    if (!Number.isInteger(kept) || kept < 10)
      throw new Error(`secondsKept: ${kept} must be an integer >= 10`);
    this.clock = options.clock;
    this.windowSeconds = W;
    this.itemCapacity = options.itemCapacity;
    this.kept = kept;
    this.sealing = kept + MINUTE < W;
    this.ring = this.sealing ? kept + MINUTE : W;
    this.lagSpread = Math.max(1, kept - 5);
  }

  /** The clock's time in whole epoch seconds. */
  nowSec(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** Whether second `sec` is still in the rolling window at `now`. */
  live(sec: number, now: number): boolean {
    return sec > now - this.windowSeconds;
  }

  /**
   * The seal boundaries at `now`, moved forward if due: a second is held alone until it is
   * `secondsKept` old, then in its 10 s span, and once its whole minute is that old, in its minute.
   */
  sealBounds(now: number): SealBounds {
    if (!this.sealing) return { minutes: Number.NEGATIVE_INFINITY, tens: Number.NEGATIVE_INFINITY };
    this.boundary = Math.max(this.boundary, minuteOf(now - this.kept));
    this.tenBoundary = Math.max(this.tenBoundary, tenOf(now - this.kept));
    return { minutes: this.boundary, tens: this.tenBoundary };
  }

  /** Seals a stream up to `bounds` (streams are sealed lazily, when written or read). */
  seal(s: Stream, bounds: SealBounds): void {
    sealBefore(s, bounds.minutes, bounds.tens, this.itemCapacity);
  }

  /** The stream for a key, created empty when absent. */
  stream(model: string, release: string, region: string): Stream {
    let byRelease = this.byModel.get(model);
    if (!byRelease) this.byModel.set(model, (byRelease = new Map()));
    let byRegion = byRelease.get(release);
    if (!byRegion) byRelease.set(release, (byRegion = new Map()));
    let s = byRegion.get(region);
    if (!s) {
      s = {
        model,
        release,
        region,
        slots: new Array<StoredSecond | undefined>(this.ring),
        ring: this.ring,
        minutes: new Map(),
        sealedTo: 0,
        tens: new Map(),
        tensTo: 0,
        lastSec: 0,
        totals: emptyOutcomes(),
        counters: new StreamCounters(),
        blocks: emptyBlocks(),
        rolledTo: 0,
        rollLag: this.streamCount++ % this.lagSpread,
        unpackedSealed: false,
        epoch: 0,
        coveredTo: 0,
      };
      byRegion.set(region, s);
    }
    return s;
  }

  /** The stream for a key, if it exists. */
  find(key: StreamKey): Stream | undefined {
    return this.byModel.get(key.model)?.get(key.release)?.get(key.region);
  }

  /** The streams a query reads: one region's, or every region's of the release. */
  matching(q: StreamQuery): Stream[] {
    const byRegion = this.byModel.get(q.model)?.get(q.release);
    if (!byRegion) return [];
    if (q.region === undefined) return [...byRegion.values()];
    const s = byRegion.get(q.region);
    return s ? [s] : [];
  }

  /** Every stream held, live or not yet swept. */
  *all(): IterableIterator<Stream> {
    for (const byRelease of this.byModel.values())
      for (const byRegion of byRelease.values()) yield* byRegion.values();
  }

  /**
   * The bucket for `sec`, about to be written, evicting the slot's older second; undefined when
   * `sec` is outside the window. A second in a sealed minute or 10 s span writes to its bucket. A
   * write into a second already rolled up or cached invalidates those, so no window is stale.
   */
  bucket(s: Stream, sec: number): ReleaseBucket | undefined {
    const ring = this.ring;
    const slot = ((sec % ring) + ring) % ring;
    const b = s.slots[slot];
    if (b && b.sec === sec && sec >= s.tensTo) {
      this.wrote(s, sec);
      // The live second (the hot path) is never packed: only a late write unpacks one.
      return b instanceof ReleaseBucket ? b : writableSlot(s, sec);
    }
    const now = this.nowSec();
    if (!this.live(sec, now)) return undefined;
    const bounds = this.sealBounds(now);
    this.seal(s, bounds);
    if (sec > s.lastSec) s.lastSec = sec;
    this.wrote(s, sec);
    if (sec < bounds.tens) {
      const [sealed, start] = sec < bounds.minutes ? [s.minutes, minuteOf(sec)] : [s.tens, tenOf(sec)];
      s.unpackedSealed = true;
      return writableAt(sealed, start, this.itemCapacity);
    }
    const current = s.slots[slot];
    if (current && current.sec === sec)
      return current instanceof ReleaseBucket ? current : writableSlot(s, sec);
    if (current && current.sec > sec) return undefined;
    const fresh = new ReleaseBucket(sec, this.itemCapacity);
    s.slots[slot] = fresh;
    // A second that has settled is only read from now on: packed (a rare late write unpacks it).
    settleSlot(s, sec - SETTLE_SECONDS - 1);
    repackSealed(s);
    if (this.sealing) {
      // Spread over streams: each rolls the span it is about to seal 1 to 8 seconds early
      // (counted from `sec`, so the span ends before the second about to be written).
      rollTen(s, tenOf(Math.min(sec, now) + 1 + (s.rollLag % 8) - this.kept), this.itemCapacity);
      rollMinute(s, sec - SETTLE_SECONDS, this.itemCapacity);
    }
    if (now - this.lastSweep >= this.windowSeconds) this.sweep(now);
    return fresh;
  }

  /** A write into `sec`: invalidates the roll-ups and cached windows holding it. */
  private wrote(s: Stream, sec: number): void {
    if (sec < s.rolledTo) invalidateBlocks(s, sec);
    // In a sealed minute or 10 s span, the write counts at its start.
    const at = sec < this.boundary ? minuteOf(sec) : sec < this.tenBoundary ? tenOf(sec) : sec;
    if (at < s.coveredTo) s.epoch++;
  }

  /** Drops streams with nothing in the window, so retired releases do not hold memory. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [model, byRelease] of this.byModel) {
      for (const [release, byRegion] of byRelease) {
        for (const [region, s] of byRegion) if (!this.live(s.lastSec, now)) byRegion.delete(region);
        if (byRegion.size === 0) byRelease.delete(release);
      }
      if (byRelease.size === 0) this.byModel.delete(model);
    }
  }
}
