/**
 * Bytes one settled second costs, a baseline's and a canary's (this bench's synthetic buckets):
 * 4,000 copies imported and settled, live heap plus typed-array stores after a full collection,
 * per copy; then the same second packed as a ring slot holds it (packed-second.ts), and the
 * latency sketch and the prediction sketch alone.
 * `node --expose-gc --import tsx bench/scale/bucket-bytes.ts`
 */
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
      packedBytes: bytesPer(buckets, (b) => PackedSecond.of(b, 'seconds') ?? b),
      latencyBytes: bytesPer(buckets, (b) => b.latency),
      predictionBytes: bytesPer(buckets, (b) => b.predictions),
    }),
  );
}
