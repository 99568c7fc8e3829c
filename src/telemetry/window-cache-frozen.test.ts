import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import type { ReleaseBucket } from './release-bucket.js';
import type { StreamTable } from './stream-table.js';
import { StreamTable as Table } from './stream-table.js';
import type { WindowCache } from './window-cache.js';
import { WindowReader } from './window-reader.js';

/** The cached windows a reader keeps between reads (private: reached for this test only). */
function cachedMerges(reader: WindowReader): ReleaseBucket[] {
  const cache = (reader as unknown as { cache: WindowCache<never> }).cache;
  const entries = (cache as unknown as { entries: Map<string, { merged?: ReleaseBucket }> }).entries;
  return [...entries.values()].flatMap((e) => (e.merged ? [e.merged] : []));
}

describe('cached windows between reads', () => {
  it('hold their predictions frozen (flat arrays, not a Map) and answer as a fresh merge would', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const table: StreamTable = new Table({ clock, windowSeconds: 3600, secondsKept: 60, itemCapacity: 200 });
    const cached = new WindowReader(table);
    const start = clock.now();
    for (let t = 0; t < 40; t++) {
      const s = table.stream('m', 'v1', 'eu');
      const b = table.bucket(s, Math.floor(clock.now() / 1000))!;
      for (let i = 0; i < 30; i++) {
        b.requests++;
        b.predictions.add(`item-${(t * 7 + i * i) % 130}`);
      }
      clock.advance(1000);
      const q = { model: 'm', release: 'v1', from: start, to: clock.now() };
      const w = cached.window(q);
      // A reader with no cache merges the same seconds from scratch (exact: fewer items than capacity).
      const fresh = new WindowReader(table).window(q);
      expect(w.requests).toBe(fresh.requests);
      expect(Object.fromEntries(w.predictions)).toEqual(Object.fromEntries(fresh.predictions));
    }
    const merges = cachedMerges(cached);
    expect(merges.length).toBeGreaterThan(0);
    for (const m of merges) expect(m.predictions.frozen).toBe(true);
  });
});
