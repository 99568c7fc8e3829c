import { ReleaseBucket } from './release-bucket.js';

/** Roll-up block sizes in seconds, smallest first; each divides the next. */
export const BLOCK_SECONDS: readonly number[] = [10, 60];

/** The per-second ring of one stream, with its roll-up blocks. */
export interface RolledStream {
  slots: (ReleaseBucket | undefined)[];
  lastSec: number;
  /** Per level of BLOCK_SECONDS: block start (epoch s) → merge of its seconds (null when empty). */
  blocks: Map<number, ReleaseBucket | null>[];
  /** End of the latest block built: only a write below it can land in a block. */
  rolledTo: number;
}

export function emptyBlocks(): Map<number, ReleaseBucket | null>[] {
  return BLOCK_SECONDS.map(() => new Map());
}

/** Forgets the blocks holding `sec`, after a late write or import into that second. */
export function invalidateBlocks(s: RolledStream, sec: number): void {
  if (sec >= s.rolledTo) return;
  BLOCK_SECONDS.forEach((size, level) => s.blocks[level]!.delete(sec - (sec % size)));
}

/** Drops blocks that start at or before `expired` (outside the rolling window). */
export function dropExpiredBlocks(s: RolledStream, expired: number): void {
  for (const level of s.blocks) for (const start of level.keys()) if (start <= expired) level.delete(start);
}

/**
 * Merges a stream's seconds [lo, hi) into `into` using the largest blocks that fit, so a span
 * costs O(span / 60 + 2 × (60 / 10 + 10)) merges instead of O(span). Blocks are built lazily, only
 * once every second in them is below `settle` (closed, and late imports have had time to land);
 * the caller keeps [lo, hi) inside the rolling window.
 */
export function mergeRange(
  s: RolledStream,
  lo: number,
  hi: number,
  settle: number,
  into: ReleaseBucket,
  windowSeconds: number,
  itemCapacity: number,
): void {
  const end = Math.min(hi, s.lastSec + 1);
  let sec = lo;
  while (sec < end) {
    let level = BLOCK_SECONDS.length - 1;
    for (; level >= 0; level--) {
      const size = BLOCK_SECONDS[level]!;
      if (sec % size === 0 && sec + size <= end && sec + size <= settle) break;
    }
    if (level >= 0) {
      const b = block(s, level, sec, windowSeconds, itemCapacity);
      if (b) into.merge(b);
      sec += BLOCK_SECONDS[level]!;
    } else {
      const b = slotAt(s, sec, windowSeconds);
      if (b) into.merge(b);
      sec++;
    }
  }
}

export function slotAt(s: RolledStream, sec: number, windowSeconds: number): ReleaseBucket | undefined {
  const b = s.slots[((sec % windowSeconds) + windowSeconds) % windowSeconds];
  return b && b.sec === sec ? b : undefined;
}

function block(
  s: RolledStream,
  level: number,
  start: number,
  windowSeconds: number,
  itemCapacity: number,
): ReleaseBucket | null {
  const cached = s.blocks[level]!.get(start);
  if (cached !== undefined) return cached;
  const size = BLOCK_SECONDS[level]!;
  const merged = new ReleaseBucket(start, itemCapacity);
  let any = false;
  if (level === 0) {
    for (let sec = start; sec < start + size; sec++) {
      const b = slotAt(s, sec, windowSeconds);
      if (b) {
        merged.merge(b);
        any = true;
      }
    }
  } else {
    const step = BLOCK_SECONDS[level - 1]!;
    for (let sub = start; sub < start + size; sub += step) {
      const b = block(s, level - 1, sub, windowSeconds, itemCapacity);
      if (b) {
        merged.merge(b);
        any = true;
      }
    }
  }
  const result = any ? merged : null;
  s.blocks[level]!.set(start, result);
  if (start + size > s.rolledTo) s.rolledTo = start + size;
  return result;
}
