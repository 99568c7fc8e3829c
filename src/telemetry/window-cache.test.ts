import { describe, expect, it } from 'vitest';

import { ReleaseBucket } from './release-bucket.js';
import { WindowCache, type CachedStream } from './window-cache.js';

const stream = (): CachedStream => ({ epoch: 0, coveredTo: 0 });

describe('WindowCache', () => {
  it('keeps an entry while its streams and their epochs are unchanged', () => {
    const cache = new WindowCache<CachedStream>(60);
    const a = stream();
    const b = stream();
    const first = cache.lookup('k', 100, [a, b], 1000);
    first.merged = new ReleaseBucket(100, 10);
    cache.covered(first, 120);
    expect(a.coveredTo).toBe(120);
    const again = cache.lookup('k', 100, [a, b], 1001);
    expect(again).toBe(first);
    expect(again.reread).toBe(true);

    a.epoch++; // a late write into a covered second
    const stale = cache.lookup('k', 100, [a, b], 1002);
    expect(stale).not.toBe(first);
    expect(stale.merged).toBeUndefined();
    expect(stale.coveredTo).toBe(100);

    const other = cache.lookup('k', 100, [a, b, stream()], 1003); // a new region appeared
    expect(other).not.toBe(stale);
  });

  it('drops windows read once after a few seconds and the others after the idle time', () => {
    const cache = new WindowCache<CachedStream>(60);
    const s = stream();
    cache.lookup('anchored', 1, [s], 1000);
    cache.lookup('anchored', 1, [s], 1001);
    cache.lookup('sliding', 2, [s], 1001);
    cache.evictIdle(1003);
    expect(cache.size).toBe(2);
    cache.evictIdle(1010);
    expect(cache.size).toBe(1);
    cache.evictIdle(1061);
    expect(cache.size).toBe(1);
    cache.evictIdle(1065);
    expect(cache.size).toBe(0);
  });
});
