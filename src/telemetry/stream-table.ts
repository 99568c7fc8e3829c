import type { Clock } from '../core/clock.js';
import { emptyOutcomes, ReleaseBucket } from './release-bucket.js';
import { StreamCounters } from './stream-counters.js';
import {
  emptyBlocks,
  invalidateBlocks,
  MINUTE,
  minuteOf,
  rollMinute,
  sealBefore,
  slotAt,
  type RolledStream,
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

  /** The seal boundary at `now` (minutes before it are sealed), moving it forward if due. */
  sealBoundary(now: number): number {
    if (!this.sealing) return Number.NEGATIVE_INFINITY;
    return (this.boundary = Math.max(this.boundary, minuteOf(now - this.kept)));
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
        slots: new Array<ReleaseBucket | undefined>(this.ring),
        ring: this.ring,
        minutes: new Map(),
        sealedTo: 0,
        lastSec: 0,
        totals: emptyOutcomes(),
        counters: new StreamCounters(),
        blocks: emptyBlocks(),
        rolledTo: 0,
        rollLag: this.streamCount++ % this.lagSpread,
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
   * `sec` is outside the window. A second in a sealed minute writes to the minute's bucket. A
   * write into a second already rolled up or cached invalidates those, so no window is stale.
   */
  bucket(s: Stream, sec: number): ReleaseBucket | undefined {
    const ring = this.ring;
    const slot = ((sec % ring) + ring) % ring;
    const b = s.slots[slot];
    if (b && b.sec === sec && sec >= s.sealedTo) {
      this.wrote(s, sec);
      return b;
    }
    const now = this.nowSec();
    if (!this.live(sec, now)) return undefined;
    const sealTo = this.sealBoundary(now);
    sealBefore(s, sealTo, this.itemCapacity);
    if (sec > s.lastSec) s.lastSec = sec;
    this.wrote(s, sec);
    if (sec < sealTo) {
      const m = minuteOf(sec);
      let minute = s.minutes.get(m);
      if (!minute) s.minutes.set(m, (minute = new ReleaseBucket(m, this.itemCapacity)));
      return minute;
    }
    const current = s.slots[slot];
    if (current && current.sec === sec) return current;
    if (current && current.sec > sec) return undefined;
    const fresh = new ReleaseBucket(sec, this.itemCapacity);
    s.slots[slot] = fresh;
    // A second that has settled is only read from now on (a rare late write thaws it).
    slotAt(s, sec - SETTLE_SECONDS - 1)?.settle();
    if (this.sealing) rollMinute(s, sec - SETTLE_SECONDS, this.itemCapacity);
    if (now - this.lastSweep >= this.windowSeconds) this.sweep(now);
    return fresh;
  }

  /** A write into `sec`: invalidates the roll-ups and cached windows holding it. */
  private wrote(s: Stream, sec: number): void {
    if (sec < s.rolledTo) invalidateBlocks(s, sec);
    // In a sealed minute, the write counts at the minute's start.
    if (sec < s.coveredTo || (sec < this.boundary && minuteOf(sec) < s.coveredTo)) s.epoch++;
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
