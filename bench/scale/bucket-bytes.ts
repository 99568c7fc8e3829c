/**
 * Bytes one settled second costs, a baseline's and a canary's (this bench's synthetic buckets):
 * 4,000 copies imported and settled, live heap plus typed-array stores after a full collection,
 * per copy; then the latency sketch and the prediction sketch alone. Then the bytes a packed second and a packed
 * minute take (`PackedSecond.bytes`: varint header, items as id-count pairs) beside the same
 * bucket in the fixed-width form packed before (a 136-byte header of 32-bit fields, ids and counts
 * as arrays of the narrowest width), as a ratio.
 * `node --expose-gc --import tsx bench/scale/bucket-bytes.ts`
 */
import { compactParts } from '../../src/telemetry/compact-sketch.js';
import { PackedSecond } from '../../src/telemetry/packed-second.js';
import { ReleaseBucket, type SerializedBucket } from '../../src/telemetry/release-bucket.js';
import type { Telemetry } from '../../src/telemetry/index.js';
import { syntheticFeed } from './synthetic-telemetry.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const COPIES = 4000;

const live = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Bytes per copy of what `part` keeps of a settled bucket. */
function bytesPer(buckets: SerializedBucket[], part: (b: ReleaseBucket) => unknown): number {
  const held: unknown[] = [];
  const before = live();
  for (let i = 0; i < COPIES; i++) {
    const b = ReleaseBucket.deserialize(buckets[i % buckets.length]!);
    b.settle();
    held.push(part(b));
  }
  const bytes = (live() - before) / COPIES;
  held.length = 0;
  return Math.round(bytes);
}

let batch: SerializedBucket[] = [];
const capture = { importBuckets: (b: SerializedBucket[]) => (batch = b) } as unknown as Telemetry;
const feed = syntheticFeed([{ model: 'm', baseline: 'v1', candidate: 'v2' }]);
const seconds: SerializedBucket[][] = [[], []];
for (let sec = 0; sec < 40; sec++) {
  feed.feed(capture, sec);
  seconds[0]!.push(batch[0]!);
  seconds[1]!.push(batch[1]!);
}
for (const [i, release] of ['baseline', 'canary'].entries()) {
  const buckets = seconds[i]!;
  console.log(
    JSON.stringify({
      release,
      items: buckets[0]!.p.i.length,
      bucketBytes: bytesPer(buckets, (b) => b),
      latencyBytes: bytesPer(buckets, (b) => b.latency),
      predictionBytes: bytesPer(buckets, (b) => b.predictions),
    }),
  );
}

/** Bytes of `b` packed with a 136-byte header and its ids, bins and counts as fixed-width arrays. */
function fixedWidthBytes(b: ReleaseBucket): number {
  const p = b.predictions.frozenParts()!;
  const bins = compactParts(b.latency)!.bins;
  const ids = p.items as Uint16Array | Uint32Array;
  const align = (to: number, w: number): number => Math.ceil(to / w) * w;
  const idsAt = align(136, ids.BYTES_PER_ELEMENT);
  const binsAt = align(idsAt + ids.length * ids.BYTES_PER_ELEMENT, bins.BYTES_PER_ELEMENT);
  const countsAt = align(binsAt + bins.length * bins.BYTES_PER_ELEMENT, p.counts.BYTES_PER_ELEMENT);
  return countsAt + ids.length * p.counts.BYTES_PER_ELEMENT;
}

for (const [i, release] of ['baseline', 'canary'].entries()) {
  const second = ReleaseBucket.deserialize(seconds[i]![0]!);
  second.settle();
  const minute = new ReleaseBucket(0, second.predictions.capacity);
  for (const s of seconds[i]!.slice(0, 60).concat(seconds[i]!.slice(0, 20)))
    minute.merge(ReleaseBucket.deserialize(s));
  minute.settle();
  for (const [span, b] of [
    ['second', second],
    ['minute', minute],
  ] as const) {
    const packed = PackedSecond.of(b, 'seconds')!.bytes();
    const fixed = fixedWidthBytes(b);
    console.log(
      JSON.stringify({
        release,
        span,
        items: b.predictions.size,
        packedBytes: packed,
        fixedWidthBytes: fixed,
        ratio: Math.round((packed / fixed) * 100) / 100,
      }),
    );
  }
}
