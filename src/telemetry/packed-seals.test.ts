import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { PackedSecond } from './packed-second.js';
import { RELATIVE_ACCURACY } from './release-bucket.js';
import { StreamTable } from './stream-table.js';
import { WindowReader } from './window-reader.js';

const T0 = Date.UTC(2026, 0, 1); // a minute start
const QUANTILES = [0, 0.1, 0.5, 0.9, 0.99, 1];

describe('sealed 10 s spans, minutes and roll-up blocks', () => {
  it('are held packed, and windows over them answer as the records say, late writes included', () => {
    const clock = new ManualClock(T0);
    const table = new StreamTable({ clock, windowSeconds: 3600, secondsKept: 60, itemCapacity: 50 });
    const reader = new WindowReader(table);
    const s = table.stream('m', 'v1', 'eu');
    const all = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
    const items = new Map<string, number>();
    let requests = 0;
    const record = (sec: number, latencyMs: number, item: string): void => {
      const b = table.bucket(s, T0 / 1000 + sec)!;
      b.requests++;
      b.acceptLatency(latencyMs);
      b.predictions.add(item);
      all.accept(latencyMs);
      items.set(item, (items.get(item) ?? 0) + 1);
      requests++;
    };
    const read = (): unknown => {
      const w = reader.window({ model: 'm', release: 'v1', from: T0, to: clock.now() });
      return {
        requests: w.requests,
        latency: [w.latency.count, w.latency.min, w.latency.max],
        quantiles: QUANTILES.map((q) => w.latency.getValueAtQuantile(q)),
        items: Object.fromEntries([...w.predictions].sort()),
      };
    };
    const expected = (): unknown => ({
      requests,
      latency: [all.count, all.min, all.max],
      quantiles: QUANTILES.map((q) => all.getValueAtQuantile(q)),
      items: Object.fromEntries([...items].sort()),
    });
    for (let sec = 0; sec < 240; sec++) {
      clock.set(T0 + sec * 1000);
      // Reads every few seconds (of the seconds before this one) build roll-up blocks and cached
      // windows, as a judge's do.
      if (sec % 7 === 0) expect(read()).toEqual(expected());
      for (let i = 0; i < 4; i++) record(sec, 3 + ((sec * 11 + i * 17) % 90), `i${(sec * i) % 9}`);
    }
    table.seal(s, table.sealBounds(table.nowSec()));
    const blocks = s.blocks.flatMap((level) => [...level.values()]);
    expect([s.minutes.size, s.tens.size, blocks.length].every((n) => n > 0)).toBe(true);
    for (const b of [...s.minutes.values(), ...s.tens.values(), ...blocks])
      expect(b).toBeInstanceOf(PackedSecond);
    // Late writes into a sealed minute ([0, 60) s) and a sealed span ([160, 170) s) unpack them.
    record(30, 500, 'late-minute');
    record(165, 700, 'late-span');
    clock.set(T0 + 241_000);
    expect(read()).toEqual(expected());
  });

  it('are packed again once a backlog written into them is followed by a second in the ring', () => {
    const clock = new ManualClock(T0 + 600_000);
    const table = new StreamTable({ clock, windowSeconds: 3600, secondsKept: 60, itemCapacity: 50 });
    const reader = new WindowReader(table);
    const s = table.stream('m', 'v1', 'eu');
    const write = (sec: number): void => {
      const b = table.bucket(s, T0 / 1000 + sec)!;
      b.requests++;
      b.acceptLatency(5 + (sec % 40));
      b.predictions.add(`i${sec % 13}`);
    };
    // A gateway reconnecting ten minutes late ships its backlog, oldest first: every second up to
    // the per-second horizon lands in a sealed span or minute, unpacked for the write.
    for (let sec = 0; sec < 530; sec++) write(sec);
    const sealed = (): unknown[] => [...s.minutes.values(), ...s.tens.values()];
    expect(sealed().length).toBeGreaterThan(8);
    expect(sealed().some((b) => !(b instanceof PackedSecond))).toBe(true);
    const before = reader.window({ model: 'm', release: 'v1', from: T0, to: clock.now() });
    write(560);
    for (const b of sealed()) expect(b).toBeInstanceOf(PackedSecond);
    const after = reader.window({ model: 'm', release: 'v1', from: T0, to: T0 + 560_000 });
    expect(after.requests).toBe(before.requests);
    expect(after.latency.getValueAtQuantile(0.9)).toBe(before.latency.getValueAtQuantile(0.9));
    expect(Object.fromEntries([...after.predictions].sort())).toEqual(
      Object.fromEntries([...before.predictions].sort()),
    );
    // A late write unpacks one again; the next second packs it.
    write(70);
    expect(s.minutes.get(T0 / 1000 + 60)).not.toBeInstanceOf(PackedSecond);
    write(561);
    expect(s.minutes.get(T0 / 1000 + 60)).toBeInstanceOf(PackedSecond);
  });
});
