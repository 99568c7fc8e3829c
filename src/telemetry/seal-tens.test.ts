import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { createTelemetry } from './create-telemetry.js';
import { StreamTable } from './stream-table.js';

const T0 = Date.UTC(2026, 0, 1); // a minute start
const obs = { model: 'm', release: 'v1', region: 'eu', outcome: 'ok' as const, latencyMs: 10 };

describe('seconds past secondsKept are held per 10 s, then per minute', () => {
  it('holds no second older than secondsKept + 10 and reads a 10 s span at its first second', () => {
    const clock = new ManualClock(T0);
    const table = new StreamTable({ clock, windowSeconds: 3600, secondsKept: 60, itemCapacity: 10 });
    const s = table.stream('m', 'v1', 'eu');
    for (let sec = 0; sec < 100; sec++) {
      clock.set(T0 + sec * 1000);
      table.bucket(s, T0 / 1000 + sec)!.requests++;
    }
    const held = s.slots.filter((b) => b !== undefined).map((b) => b.sec - T0 / 1000);
    // At 99 s: seconds from 30 on are alone, [0, 30) is three 10 s spans, no minute sealed yet.
    expect(Math.min(...held)).toBe(30);
    expect([...s.tens.keys()].map((t) => t - T0 / 1000)).toEqual([0, 10, 20]);
    expect([...s.tens.values()].map((b) => b.parts().requests)).toEqual([10, 10, 10]);
    expect(s.minutes.size).toBe(0);
    // At 130 s the first minute is past the horizon: its spans become one minute.
    clock.set(T0 + 130_000);
    table.seal(s, table.sealBounds(table.nowSec()));
    expect(s.minutes.get(T0 / 1000)?.parts().requests).toBe(60);
    expect([...s.tens.keys()].map((t) => t - T0 / 1000)).toEqual([60]);
  });

  it('moves a window start inside a sealed 10 s span up to the next span, and counts late writes there', () => {
    const clock = new ManualClock(T0);
    const t = createTelemetry({ clock, secondsKept: 60, schemas: () => undefined });
    for (let sec = 0; sec < 100; sec++) {
      clock.set(T0 + sec * 1000);
      t.record({ ...obs, at: clock.now() });
    }
    clock.set(T0 + 100_000);
    const since = (from: number): number =>
      t.window({ model: 'm', release: 'v1', from, to: clock.now() }).requests;
    expect(since(T0 + 25_500)).toBe(70); // from 30 s: [20, 30) starts before the window
    expect(since(T0 + 30_000)).toBe(70);
    expect(since(T0 + 45_000)).toBe(55); // exact past the horizon (40 s)
    // A late write into the sealed span [20, 30) counts at 20 s.
    t.record({ ...obs, at: T0 + 27_000 });
    expect(since(T0 + 20_000)).toBe(81);
    expect(since(T0 + 21_000)).toBe(70);
    const series = t.series({ model: 'm', release: 'v1', from: T0, to: T0 + 40_000, stepMs: 1000 });
    expect(series.map((w) => w.requests)).toEqual([
      10,
      ...Array(9).fill(0),
      10,
      ...Array(9).fill(0),
      11,
      ...Array(9).fill(0),
      10,
      ...Array(9).fill(0),
    ]);
  });
});
