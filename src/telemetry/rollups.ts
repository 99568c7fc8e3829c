import type { Lifetime } from './byte-slabs.js';
import { PackedSecond } from './packed-second.js';
import { ReleaseBucket } from './release-bucket.js';
import { packed, type StoredBucket, thawed } from './stored-bucket.js';

/** A second in a stream's ring: a bucket, or once settled, the bucket packed (packed-second.ts). */
export type StoredSecond = StoredBucket;

/** Roll-up block sizes in seconds, smallest first; each divides the next, the last is MINUTE. */
export const BLOCK_SECONDS: readonly number[] = [10, 60];
/** Granularity of data older than the per-second horizon, in its first minute. */
export const TEN = 10;
/** Granularity of data older than the per-second horizon, once its whole minute is past it. */
export const MINUTE = 60;

export const minuteOf = (sec: number): number => sec - (((sec % MINUTE) + MINUTE) % MINUTE);
export const tenOf = (sec: number): number => sec - (((sec % TEN) + TEN) % TEN);

/**
 * The stored data of one stream: one bucket per second in a ring of `ring` slots for the recent
 * seconds, one bucket per sealed 10 s for the seconds just past the per-second horizon, and one
 * bucket per sealed minute for the older ones; a sealed bucket is read as if all of its data had
 * arrived in its first second. Sealed spans, minutes and roll-up blocks are packed (stored-bucket.ts).
 */
export interface RolledStream {
  slots: (StoredSecond | undefined)[];
  ring: number;
  lastSec: number;
  /** Sealed minutes: minute start (epoch s) → merge of its seconds. */
  minutes: Map<number, StoredBucket>;
  /** Every minute before this (epoch s, a minute start) is sealed. */
  sealedTo: number;
  /** Sealed 10 s spans in [sealedTo, tensTo): span start (epoch s) → merge of its seconds. */
  tens: Map<number, StoredBucket>;
  /** Every second before this (epoch s, a multiple of 10) is sealed into `tens` or `minutes`. */
  tensTo: number;
  /** Roll-up caches per level of BLOCK_SECONDS: block start → merge of its seconds (null when empty). */
  blocks: Map<number, StoredBucket | null>[];
  /** End of the latest block built: only a write below it can land in a block. */
  rolledTo: number;
  /**
   * Seconds after a minute settles that this stream rolls it up (0 ≤ lag < secondsKept − 4):
   * streams differ, so a control plane's thousands of streams spread the work over the minute.
   */
  rollLag: number;
  /**
   * A sealed span or minute was unpacked for a write (an import of a gateway's backlog, a late
   * write): it is packed again when the stream next opens a second in its ring (`repackSealed`).
   */
  unpackedSealed: boolean;
}

export function emptyBlocks(): Map<number, StoredBucket | null>[] {
  return BLOCK_SECONDS.map(() => new Map());
}

/** Where second `sec` sits in the stream's ring. */
function slotOf(s: RolledStream, sec: number): number {
  return ((sec % s.ring) + s.ring) % s.ring;
}

export function slotAt(s: RolledStream, sec: number): StoredSecond | undefined {
  const b = s.slots[slotOf(s, sec)];
  return b && b.sec === sec ? b : undefined;
}

/** Settles second `sec` and packs it when it can be (it is only read from now on). */
export function settleSlot(s: RolledStream, sec: number): void {
  const slot = slotOf(s, sec);
  const b = s.slots[slot];
  if (!b || b.sec !== sec || b instanceof PackedSecond) return;
  s.slots[slot] = packed(b, 'seconds');
}

/** Second `sec`'s bucket for a write: a packed second is unpacked in its slot first (a rare late write). */
export function writableSlot(s: RolledStream, sec: number): ReleaseBucket | undefined {
  const slot = slotOf(s, sec);
  const b = s.slots[slot];
  if (!b || b.sec !== sec) return undefined;
  if (b instanceof ReleaseBucket) return b;
  const thawed = b.toBucket();
  s.slots[slot] = thawed;
  return thawed;
}

/**
 * Moves every second before `tenBoundary` (a multiple of 10) from the ring into its 10 s span's
 * bucket, then every 10 s span before `minuteBoundary` (a minute start, at most `tenBoundary`)
 * into its minute's bucket. A span or minute already rolled up (`rollTen`, `rollMinute`) becomes
 * that bucket as it is: no merge.
 */
export function sealBefore(
  s: RolledStream,
  minuteBoundary: number,
  tenBoundary: number,
  itemCapacity: number,
): void {
  sealTens(s, tenBoundary, itemCapacity);
  if (s.sealedTo >= minuteBoundary) return;
  const minuteLevel = s.blocks[BLOCK_SECONDS.length - 1]!;
  // Only minutes with a sealed span or a roll-up have anything to seal (an idle stream may lag far behind).
  let first = minuteBoundary;
  for (const t of s.tens.keys()) first = Math.min(first, minuteOf(t));
  for (const m of minuteLevel.keys()) first = Math.min(first, m);
  for (let m = Math.max(s.sealedTo, first); m < minuteBoundary; m += MINUTE) {
    // Exact while cached: a write into any of its seconds drops it (invalidateBlocks).
    const sealing = new Sealing(s.minutes.get(m), minuteLevel.get(m), m, itemCapacity);
    for (let t = m; t < m + MINUTE; t += TEN) {
      const ten = s.tens.get(t);
      if (!ten) continue;
      sealing.add(ten);
      s.tens.delete(t);
    }
    sealing.storeIn(s.minutes, 'window');
    for (const [level, size] of BLOCK_SECONDS.entries())
      for (let start = m; start < m + MINUTE; start += size) s.blocks[level]!.delete(start);
  }
  s.sealedTo = minuteBoundary;
}

/** Moves every second before `boundary` (a multiple of 10) into its 10 s span's bucket. */
function sealTens(s: RolledStream, boundary: number, itemCapacity: number): void {
  if (s.tensTo >= boundary) return;
  const tenLevel = s.blocks[0]!;
  // Seconds older than the ring are gone from it already.
  for (let t = Math.max(s.tensTo, tenOf(boundary - s.ring)); t < boundary; t += TEN) {
    const sealing = new Sealing(s.tens.get(t), tenLevel.get(t), t, itemCapacity);
    for (let sec = t; sec < t + TEN; sec++) {
      const slot = slotOf(s, sec);
      const b = s.slots[slot];
      if (!b || b.sec !== sec) continue;
      sealing.add(b);
      s.slots[slot] = undefined;
    }
    sealing.storeIn(s.tens, 'spans');
    // The span's roll-up is the sealed bucket now (a later write goes to it, not to a stale copy).
    tenLevel.delete(t);
  }
  s.tensTo = boundary;
}

/**
 * One sealed 10 s span or minute being built: what it held already, plus its roll-up block when
 * one is cached (exact: it holds every part, so the parts are then not merged again; a null block
 * is a span known empty), else the parts one by one. Merges into a copy only once there is more
 * than one piece, and stores the result packed (it is only read from now on; a rare late write
 * unpacks it).
 */
class Sealing {
  private merged: ReleaseBucket | undefined;
  private sealed: StoredBucket | undefined;

  constructor(
    sealed: StoredBucket | undefined,
    private readonly rolled: StoredBucket | null | undefined,
    private readonly start: number,
    private readonly itemCapacity: number,
  ) {
    this.sealed = sealed;
    if (rolled) {
      if (sealed) (this.merged = thawed(sealed)).merge(rolled);
      else this.sealed = rolled;
    }
  }

  /** A second or span inside it (ignored when the roll-up already holds it). */
  add(part: StoredBucket): void {
    if (this.rolled !== undefined) return;
    this.merged ??= this.sealed ? thawed(this.sealed) : new ReleaseBucket(this.start, this.itemCapacity);
    this.merged.merge(part);
  }

  storeIn(map: Map<number, StoredBucket>, lifetime: Lifetime): void {
    if (this.merged) map.set(this.start, packed(this.merged, lifetime));
    else if (this.sealed) map.set(this.start, this.sealed);
  }
}

/**
 * Rolls up the 10 s span that `tenBoundaryAt` seals within the next `1 + rollLag % 8` seconds, so
 * that sealing it costs no merge and thousands of streams do not all merge a span of seconds in
 * the same call when the boundary moves; the span is settled by then (kept ≥ 10).
 */
export function rollTen(s: RolledStream, sealsBy: number, itemCapacity: number): void {
  const t = sealsBy - TEN;
  if (t < s.tensTo || s.blocks[0]!.has(t)) return;
  block(s, 0, t, itemCapacity);
}

/**
 * Rolls up the latest minute that settled at least `rollLag` seconds before `settle` (its 60 s
 * block, merged from its seconds and any 10 s blocks already built, none built for it), so that
 * sealing it later costs no merge. Called once per stream per new second: the minute's merge
 * happens once, at a moment that differs between streams, instead of every stream merging a
 * minute of seconds in the same call when the seal boundary moves.
 */
export function rollMinute(s: RolledStream, settle: number, itemCapacity: number): void {
  const m = minuteOf(settle - s.rollLag) - MINUTE;
  const level = BLOCK_SECONDS.length - 1;
  if (m < s.sealedTo || s.blocks[level]!.has(m)) return;
  const merged = new ReleaseBucket(m, itemCapacity);
  const parts: StoredBucket[] = [];
  const step = BLOCK_SECONDS[0]!;
  for (let sub = m; sub < m + MINUTE; sub += step) {
    const part = sub < s.tensTo ? (s.tens.get(sub) ?? null) : s.blocks[0]!.get(sub);
    if (part !== undefined) {
      if (part) parts.push(part);
      continue;
    }
    for (let sec = sub; sec < sub + step; sec++) {
      const b = slotAt(s, sec);
      if (!b) continue;
      b.settle();
      parts.push(b);
    }
  }
  merged.mergeAll(parts);
  s.blocks[level]!.set(m, parts.length > 0 ? packed(merged, 'window') : null);
  if (m + MINUTE > s.rolledTo) s.rolledTo = m + MINUTE;
}

/**
 * Packs the sealed spans and minutes unpacked by writes since the last call. A gateway that
 * reconnects ships its backlog oldest first, so a minute is written up to 60 times in a row:
 * packing it once the stream has moved on to its ring costs one pack, not one per second, and
 * keeps a backlog from leaving the stream's history unpacked (about 4x the bytes) for the hour.
 */
export function repackSealed(s: RolledStream): void {
  if (!s.unpackedSealed) return;
  s.unpackedSealed = false;
  for (const [sealed, lifetime] of [
    [s.tens, 'spans'],
    [s.minutes, 'window'],
  ] as const)
    for (const [start, b] of sealed) if (b instanceof ReleaseBucket) sealed.set(start, packed(b, lifetime));
}

/** Forgets the blocks holding `sec`, after a late write or import into that second. */
export function invalidateBlocks(s: RolledStream, sec: number): void {
  if (sec >= s.rolledTo) return;
  BLOCK_SECONDS.forEach((size, level) => s.blocks[level]!.delete(sec - (sec % size)));
}

/** Drops blocks and sealed spans that start at or before `expired` (outside the rolling window). */
export function dropExpired(s: RolledStream, expired: number): void {
  for (const level of s.blocks) for (const start of level.keys()) if (start <= expired) level.delete(start);
  for (const t of s.tens.keys()) if (t <= expired) s.tens.delete(t);
  for (const m of s.minutes.keys()) if (m <= expired) s.minutes.delete(m);
}

/**
 * Merges a stream's data for seconds [lo, hi) into `into`: sealed minutes whose start is in the
 * span below `sealedTo` (`lo` there is a minute start), sealed 10 s spans below `tensTo` (`lo`
 * there is a multiple of 10), then the seconds above it through the
 * largest roll-up blocks that fit, so a span costs O(span / 60 + 2 × (60 / 10 + 10)) merges
 * instead of O(span). Blocks are built lazily, only once every second in them is below `settle`
 * (closed, and late imports have had time to land); the caller keeps [lo, hi) inside the
 * rolling window and the stream sealed up to date.
 */
export function mergeRange(
  s: RolledStream,
  lo: number,
  hi: number,
  settle: number,
  into: ReleaseBucket,
  itemCapacity: number,
  predictions = true,
): void {
  const end = Math.min(hi, s.lastSec + 1);
  // Gathered, then merged at once: their predictions are summed in one pass.
  const parts: StoredBucket[] = [];
  let sec = lo;
  for (; sec < end && sec < s.sealedTo; sec += MINUTE) {
    const m = s.minutes.get(sec);
    if (m) parts.push(m);
  }
  sec = Math.max(sec, s.sealedTo, lo);
  for (; sec < end && sec < s.tensTo; sec += TEN) {
    const t = s.tens.get(sec);
    if (t) parts.push(t);
  }
  sec = Math.max(sec, s.tensTo, lo);
  while (sec < end) {
    let level = BLOCK_SECONDS.length - 1;
    for (; level >= 0; level--) {
      const size = BLOCK_SECONDS[level]!;
      if (sec % size === 0 && sec + size <= end && sec + size <= settle) break;
    }
    if (level >= 0) {
      const b = block(s, level, sec, itemCapacity);
      if (b) parts.push(b);
      sec += BLOCK_SECONDS[level]!;
    } else {
      const b = slotAt(s, sec);
      if (b) parts.push(b);
      sec++;
    }
  }
  if (parts.length > 0) into.mergeAll(parts, predictions);
}

function block(s: RolledStream, level: number, start: number, itemCapacity: number): StoredBucket | null {
  const cached = s.blocks[level]!.get(start);
  if (cached !== undefined) return cached;
  const size = BLOCK_SECONDS[level]!;
  const merged = new ReleaseBucket(start, itemCapacity);
  const parts: StoredBucket[] = [];
  if (level === 0) {
    for (let sec = start; sec < start + size; sec++) {
      const b = slotAt(s, sec);
      if (b) {
        // Every second in a block is settled: keep it in the compact form.
        b.settle();
        parts.push(b);
      }
    }
  } else {
    const step = BLOCK_SECONDS[level - 1]!;
    for (let sub = start; sub < start + size; sub += step) {
      const b = block(s, level - 1, sub, itemCapacity);
      if (b) parts.push(b);
    }
  }
  merged.mergeAll(parts);
  // Blocks are never written, only dropped: packed. A minute's becomes its sealed minute.
  const result = parts.length > 0 ? packed(merged, size < MINUTE ? 'spans' : 'window') : null;
  s.blocks[level]!.set(start, result);
  if (start + size > s.rolledTo) s.rolledTo = start + size;
  return result;
}
