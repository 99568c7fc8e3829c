import type { ReleaseBucket } from './release-bucket.js';

/** What a cached window depends on: its streams, each with an epoch bumped by late writes. */
export interface CachedStream {
  epoch: number;
  /** Highest second any cached window of this stream covers (exclusive): writes below it bump `epoch`. */
  coveredTo: number;
}

export interface CachedWindow<S extends CachedStream> {
  streams: S[];
  epochs: number[];
  /** Seconds [lo, coveredTo) are merged in `merged` (undefined until the first merge). */
  lo: number;
  coveredTo: number;
  merged: ReleaseBucket | undefined;
  /** Read on more than one call: a window anchored at its first second, not a sliding one. */
  reread: boolean;
  readAt: number;
}

/** Seconds a window read only once is kept (a judge reads its windows every tick, about 1 s). */
const ONCE_READ_SECONDS = 3;

/**
 * Merged windows keyed by (model, release, region or all, first second), extended by the seconds
 * that closed since the last read: a judge asking every tick for the window since its step began
 * merges O(1) buckets per tick instead of O(seconds since the step began). A window read only
 * once (a sliding window starts somewhere new every tick) is dropped after a few seconds.
 */
export class WindowCache<S extends CachedStream> {
  private readonly entries = new Map<string, CachedWindow<S>>();
  private lastEviction = 0;

  constructor(private readonly idleSeconds: number) {}

  /** The entry for `key` if it is still exact for `streams`, else a fresh one (placed in the cache). */
  lookup(key: string, lo: number, streams: S[], now: number): CachedWindow<S> {
    const found = this.entries.get(key);
    if (found && sameStreams(found, streams)) {
      found.readAt = now;
      found.reread = true;
      return found;
    }
    const fresh: CachedWindow<S> = {
      streams,
      epochs: streams.map((s) => s.epoch),
      lo,
      coveredTo: lo,
      merged: undefined,
      reread: found !== undefined,
      readAt: now,
    };
    this.entries.set(key, fresh);
    return fresh;
  }

  /** Records that `entry` now covers [lo, coveredTo) for its streams. */
  covered(entry: CachedWindow<S>, coveredTo: number): void {
    entry.coveredTo = coveredTo;
    for (const s of entry.streams) if (coveredTo > s.coveredTo) s.coveredTo = coveredTo;
    entry.epochs = entry.streams.map((s) => s.epoch);
  }

  /** Drops windows not read for `idleSeconds` (a rollout that moved on leaves its old step's window). */
  evictIdle(now: number): void {
    if (now - this.lastEviction < ONCE_READ_SECONDS) return;
    this.lastEviction = now;
    for (const [key, e] of this.entries)
      if (now - e.readAt > (e.reread ? this.idleSeconds : ONCE_READ_SECONDS)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

function sameStreams<S extends CachedStream>(e: CachedWindow<S>, streams: S[]): boolean {
  if (e.streams.length !== streams.length) return false;
  for (let i = 0; i < streams.length; i++)
    if (e.streams[i] !== streams[i] || e.epochs[i] !== streams[i]!.epoch) return false;
  return true;
}
