import { ReleaseBucket, type SerializedBucket } from './release-bucket.js';
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
  const bounds = table.sealBounds(now);
  const out: SerializedBucket[] = [];
  for (const s of table.all()) {
    table.seal(s, bounds);
    for (const b of [...s.minutes.values(), ...s.tens.values(), ...s.slots])
      if (b && table.live(b.sec, now) && b.sec * 1000 >= since && b.sec < now)
        out.push(b.serialize(s.model, s.release, s.region));
  }
  return { next: Math.max(since, now * 1000), buckets: out };
}

export interface ImportOptions {
  /**
   * Add the buckets to the cumulative counters /metrics exposes as well (default true): right for
   * a cluster's workers, whose primary answers /metrics for them; wrong for remote gateways, which
   * expose their own /metrics, so a fleet's sum over instances would count their traffic twice.
   */
  counters?: boolean | undefined;
}

/** Merges another process's buckets into the table (and its totals, unless told not to); `intern` shares item strings. */
export function importBuckets(
  table: StreamTable,
  batch: BucketBatch | SerializedBucket[],
  intern: (item: string) => string,
  options: ImportOptions = {},
): void {
  const list = Array.isArray(batch) ? batch : batch.buckets;
  const counted = options.counters ?? true;
  for (const sb of list) {
    const s = table.stream(sb.model, sb.release, sb.region);
    const incoming = ReleaseBucket.deserialize(sb, intern);
    if (counted) {
      for (const o of Object.keys(s.totals) as (keyof OutcomeCounts)[]) s.totals[o] += incoming.outcomes[o];
      s.counters.addImported(incoming);
    }
    table.bucket(s, sb.sec)?.merge(incoming);
  }
}
