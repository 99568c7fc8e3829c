import { describe, expect, it } from 'vitest';

import { summariseLoop, type LoopSecond } from '../../bench/gateway/loop-summary.js';

const second = (over: Partial<LoopSecond>): string =>
  `loop ${JSON.stringify({
    t: 1,
    delayP50Ms: 1,
    delayP99Ms: 1.5,
    delayMaxMs: 2,
    gc: {},
    longGc: [],
    ownCpu: 0.8,
    machineBusy: 0.5,
    ...over,
  })}`;

describe('summariseLoop', () => {
  it('says so when the log holds no monitor lines', () => {
    expect(summariseLoop('[123] Scavenge 35.2 -> 22.5 MB\n')).toBe('loop monitor: no samples');
  });

  it('sums GC pauses by kind and ties slow seconds to machine load, own CPU and long pauses', () => {
    const text = [
      'other output the target wrote',
      second({ t: 1, gc: { minor: { n: 12, ms: 9, maxMs: 0.9 } } }),
      second({
        t: 2,
        delayP99Ms: 12,
        delayMaxMs: 20,
        gc: { minor: { n: 11, ms: 30, maxMs: 8 }, incremental: { n: 1, ms: 4, maxMs: 4 } },
        longGc: [[1500, 8, 'minor']],
        ownCpu: 0.4,
        machineBusy: 1,
      }),
      second({ t: 3, delayP99Ms: 7, ownCpu: 0.9, machineBusy: 0.6 }),
    ].join('\n');
    const lines = summariseLoop(text).split('\n');
    expect(lines[0]).toBe(
      'loop monitor over 3 s: event-loop delay p99 per second median 7 ms, worst 12 ms, longest delay 20 ms; ' +
        'own CPU median 0.8 core, machine busy median 0.6',
    );
    expect(lines[1]).toBe('  GC: minor 23× 39 ms (longest 8.00), incremental 1× 4 ms (longest 4.00)');
    expect(lines[2]).toBe(
      '  seconds with delay p99 > 5 ms: 2 (machine busy median 1, own CPU median 0.9, with a GC pause >= 2 ms: 1)',
    );
  });
});
