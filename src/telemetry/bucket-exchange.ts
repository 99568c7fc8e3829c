import { ReleaseBucket, type SerializedBucket } from './release-bucket.js';
import { sealBefore } from './rollups.js';
import type { StreamTable } from './stream-table.js';
import type { OutcomeCounts } from './types.js';

/** A batch of closed buckets for another process to merge; pass `next` as the following `since`. */
export interface BucketBatch {
  next: number;
  buckets: SerializedBucket[];
}

/**
 * The table's closed buckets from `since` (epoch ms) on, serialized for another process (a
 * cluster's primary, or a control plane reading remote gateways). `until` (epoch ms) holds back
 * seconds starting at or after it: a shipper leaves recent seconds for requests still in flight.
 */
export function exportBuckets(table: StreamTable, since: number, until?: number): BucketBatch {
  // Only closed seconds leave: the current one may still grow, and exporting it twice would double count.
  const now = until === undefined ? table.nowSec() : Math.min(table.nowSec(), Math.floor(until / 1000));
  const sealTo = table.sealBoundary(now);
  const out: SerializedBucket[] = [];
  for (const s of table.all()) {
    sealBefore(s, sealTo, table.itemCapacity);
    for (const b of [...s.minutes.values(), ...s.slots])
      if (b && table.live(b.sec, now) && b.sec * 1000 >= since && b.sec < now)
        out.push(b.serialize(s.model, s.release, s.region));
  }
  return { next: Math.max(since, now * 1000), buckets: out };
}

/** Merges another process's buckets into the table, totals included; `intern` shares item strings. */
export function importBuckets(
  table: StreamTable,
  batch: BucketBatch | SerializedBucket[],
  intern: (item: string) => string,
): void {
  const list = Array.isArray(batch) ? batch : batch.buckets;
  for (const sb of list) {
    const s = table.stream(sb.model, sb.release, sb.region);
    const incoming = ReleaseBucket.deserialize(sb, intern);
    for (const o of Object.keys(s.totals) as (keyof OutcomeCounts)[]) s.totals[o] += incoming.outcomes[o];
    s.counters.addImported(incoming);
    table.bucket(s, sb.sec)?.merge(incoming);
  }
}
