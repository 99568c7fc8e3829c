import type { Lifetime } from './byte-slabs.js';
import { PackedSecond } from './packed-second.js';
import { ReleaseBucket } from './release-bucket.js';

/**
 * A bucket a stream holds: a second in its ring, a sealed 10 s span or minute, or a roll-up block.
 * Once it is only read it is packed (packed-second.ts): a sealed minute's counts cost about what a
 * settled bucket's do, but its ~1 kB of object headers go, and an hour of minutes is most of what a
 * control plane holds at a steady state.
 */
export type StoredBucket = ReleaseBucket | PackedSecond;

/**
 * `b` settled and packed when it can be (a bucket it cannot pack stays settled), its bytes from the
 * slabs of buckets kept about as long (byte-slabs.ts).
 */
export function packed(b: ReleaseBucket, lifetime: Lifetime): StoredBucket {
  b.settle();
  return PackedSecond.of(b, lifetime) ?? b;
}

/** A bucket to write or merge into: a packed one is unpacked (a copy; the caller stores it). */
export function thawed(b: StoredBucket): ReleaseBucket {
  return b instanceof PackedSecond ? b.toBucket() : b;
}

/** The bucket at `start` for a write, unpacked in place first; created empty when absent. */
export function writableAt(
  buckets: Map<number, StoredBucket>,
  start: number,
  itemCapacity: number,
): ReleaseBucket {
  const b = buckets.get(start);
  if (b instanceof ReleaseBucket) return b;
  const writable = b ? b.toBucket() : new ReleaseBucket(start, itemCapacity);
  buckets.set(start, writable);
  return writable;
}
