import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { createTelemetry } from './create-telemetry.js';
import { PackedSecond } from './packed-second.js';
import { ReleaseBucket } from './release-bucket.js';
import { StreamTable } from './stream-table.js';

const QUANTILES = [0, 0.01, 0.1, 0.5, 0.9, 0.99, 1];

/** A settled second: latencies, errors, items (some heavy), input-quality counts and a KPI. */
function settledSecond(sec: number, seed: number, items = 40): ReleaseBucket {
  const b = new ReleaseBucket(sec, 25);
  for (let i = 0; i < 300; i++) {
    b.requests++;
    b.outcomes[i % 97 === 0 ? 'serverError' : 'ok']++;
    b.acceptLatency(i % 50 === 0 ? 0 : 20 * Math.exp(0.4 * Math.sin(i * seed)));
    b.predictionResponses++;
    b.predictions.add(`packed-item-${(i * 37 + (i % 4) * seed) % items}`);
  }
  b.inputRows = 12;
  b.inputMismatchRows = 2;
  b.inputQuality.age = { missing: 1, nulls: 1, wrongType: 0, mismatches: 2, histogram: undefined };
  b.addKpi('conversion', 1);
  b.addKpi('conversion', 0);
  b.settle();
  return b;
}

const reads = (b: ReleaseBucket): unknown => ({
  wire: b.serialize('m', 'v1', 'eu'),
  quantiles: QUANTILES.map((q) => b.latency.getValueAtQuantile(q)),
  latency: [b.latency.count, b.latency.min, b.latency.max, b.latency.sum],
  items: [...b.predictions.view()],
});

/** What `reads` reads, with the items (their order and the wire's) left out. */
function withoutItems(b: ReleaseBucket): unknown {
  const { items: _items, wire, ...rest } = reads(b) as { items: unknown; wire: { p: unknown } };
  const { p, ...otherWire } = wire as { p: { i: unknown } };
  const { i: _i, ...sketch } = p;
  return { ...rest, wire: otherWire, sketch };
}

/** A packed bucket's fixed header is under this many bytes. */
const HEADER_LIKE = 160;

describe('PackedSecond', () => {
  it('reads back the settled bucket it was packed from, count for count', () => {
    const settled = settledSecond(7, 3);
    const packed = PackedSecond.of(settled, 'seconds')!;
    expect(packed).toBeInstanceOf(PackedSecond);
    expect(packed.sec).toBe(7);
    expect(reads(packed.toBucket())).toEqual(reads(settled));
    expect(packed.serialize('m', 'v1', 'eu')).toEqual(settled.serialize('m', 'v1', 'eu'));
  });

  it('merges to the same counts as the settled bucket, pruned sketches and floors included', () => {
    const seconds = [1, 2, 3, 4, 5].map((sec) => settledSecond(sec, sec + 1, 80));
    const fromSettled = new ReleaseBucket(0, 25);
    const fromPacked = new ReleaseBucket(0, 25);
    for (const b of seconds) {
      fromSettled.merge(b);
      fromPacked.merge(PackedSecond.of(b, 'seconds')!);
    }
    expect(seconds[0]!.predictions.floor).toBeGreaterThan(0);
    const [packed, settled] = [fromPacked, fromSettled].map(withoutItems);
    expect(packed).toEqual(settled);
    // Packed items come back in id order, so where a prune cut between items tied at its
    // threshold, another of them may have stayed: every count above the lowest is the same.
    const packedItems = new Map(fromPacked.predictions.view());
    const settledItems = new Map(fromSettled.predictions.view());
    expect(packedItems.size).toBe(settledItems.size);
    const lowest = Math.min(...settledItems.values());
    for (const [item, count] of settledItems) if (count > lowest) expect(packedItems.get(item)).toBe(count);
    expect([...packedItems.values()].sort()).toEqual([...settledItems.values()].sort());
  });

  it('holds items as id-count pairs where they are smaller, and reads them back in id order', () => {
    const settled = settledSecond(9, 5, 400);
    const packed = PackedSecond.of(settled, 'seconds')!;
    const back = packed.toBucket();
    expect(withoutItems(back)).toEqual(withoutItems(settled));
    expect(new Map(back.predictions.view())).toEqual(new Map(settled.predictions.view()));
    const ids = back.predictions.frozenParts()!.items as Uint16Array | Uint32Array;
    expect(ArrayBuffer.isView(ids)).toBe(true);
    expect([...ids]).toEqual([...ids].sort((a, b) => a - b));
    expect(packed.bytes()).toBeLessThan(
      HEADER_LIKE + ids.length * (ids.BYTES_PER_ELEMENT + 2) + settled.latency.count,
    );
  });

  it('holds header numbers of every size: a minute of a busy stream, counts past 2^16 and 2^28', () => {
    const busy = new ReleaseBucket(60, 1000);
    busy.requests = 2 ** 28 + 5;
    busy.outcomes.ok = 2 ** 28;
    busy.outcomes.serverError = 5;
    busy.predictionResponses = 70_000;
    busy.predictions.add('hot', 2 ** 20);
    busy.predictions.add('cold', 3);
    busy.acceptLatency(12);
    busy.settle();
    const packed = PackedSecond.of(busy, 'window')!;
    expect(reads(packed.toBucket())).toEqual(reads(busy));
    const p = packed.parts();
    expect([p.requests, p.outcomes.ok, p.predictionResponses]).toEqual([2 ** 28 + 5, 2 ** 28, 70_000]);
    // Small numbers take a byte each: a second this small packs into well under a 32-bit header's 136 bytes.
    const small = new ReleaseBucket(1, 10);
    small.requests = 1;
    small.outcomes.ok = 1;
    small.acceptLatency(20);
    small.settle();
    expect(PackedSecond.of(small, 'seconds')!.bytes()).toBeLessThan(96);
  });

  it('a write to the unpacked bucket leaves the packed second as it was', () => {
    const packed = PackedSecond.of(settledSecond(7, 3), 'seconds')!;
    const written = packed.toBucket();
    written.addKpi('conversion', 1);
    written.inputQuality.age!.missing += 5;
    written.acceptLatency(5000);
    written.predictions.add('late');
    expect(reads(packed.toBucket())).toEqual(reads(settledSecond(7, 3)));
  });

  it('keeps a second it cannot pack as it is: negative latency, fractional counts, unsettled', () => {
    const negative = new ReleaseBucket(0, 10);
    negative.acceptLatency(-1);
    negative.settle();
    expect(PackedSecond.of(negative, 'seconds')).toBeUndefined();
    const fractional = new ReleaseBucket(0, 10);
    fractional.predictions.add('x', 0.5);
    fractional.settle();
    expect(PackedSecond.of(fractional, 'seconds')).toBeUndefined();
    const unsettled = new ReleaseBucket(0, 10);
    unsettled.acceptLatency(12);
    unsettled.predictions.add('x');
    expect(PackedSecond.of(unsettled, 'seconds')).toBeUndefined();
  });
});

describe('a stream table packs its settled seconds', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const obs = { model: 'm', release: 'v1', region: 'eu', outcome: 'ok' as const };

  it('holds a second packed once settled, and a late write into it counts', () => {
    const clock = new ManualClock(T0);
    const table = new StreamTable({ clock, windowSeconds: 3600, secondsKept: 60, itemCapacity: 10 });
    const s = table.stream('m', 'v1', 'eu');
    for (let sec = 0; sec < 10; sec++) {
      clock.set(T0 + sec * 1000);
      const b = table.bucket(s, T0 / 1000 + sec)!;
      b.requests++;
      b.predictions.add(`i${sec % 3}`);
    }
    const packed = s.slots.filter((b) => b instanceof PackedSecond).map((b) => b.sec - T0 / 1000);
    expect(packed).toEqual([0, 1, 2, 3, 4, 5, 6]);
    table.bucket(s, T0 / 1000 + 2)!.requests += 10;
    const late = s.slots.find((b) => b?.sec === T0 / 1000 + 2);
    expect(late).toBeInstanceOf(ReleaseBucket);
    expect((late as ReleaseBucket).requests).toBe(11);
  });

  it('answers windows and series as the records say, across packing and late writes', () => {
    const clock = new ManualClock(T0);
    const t = createTelemetry({ clock, secondsKept: 60, schemas: () => undefined });
    const latencies: number[] = [];
    for (let sec = 0; sec < 90; sec++) {
      clock.set(T0 + sec * 1000);
      for (let i = 0; i < 5; i++) {
        const latencyMs = 5 + ((sec * 7 + i * 13) % 40);
        latencies.push(latencyMs);
        t.record({ ...obs, at: clock.now(), latencyMs, predictions: [`i${(sec + i) % 6}`] });
      }
    }
    t.record({ ...obs, at: T0 + 80_000, latencyMs: 1000, predictions: ['late'] });
    latencies.push(1000);
    clock.set(T0 + 95_000);
    const w = t.window({ model: 'm', release: 'v1', from: T0, to: clock.now() });
    expect(w.requests).toBe(451);
    expect(w.latency.max).toBe(1000);
    expect(w.latency.count).toBe(451);
    expect(w.predictions.get('late')).toBe(1);
    expect(w.predictions.get('i0')).toBe(75);
    const series = t.series({
      model: 'm',
      release: 'v1',
      from: T0 + 70_000,
      to: T0 + 90_000,
      stepMs: 10_000,
    });
    expect(series.map((x) => x.requests)).toEqual([50, 51]);
  });
});
