import { describe, expect, it } from 'vitest';

import { type MergeSource, ReleaseBucket } from './release-bucket.js';
import {
  emptyBlocks,
  invalidateBlocks,
  MINUTE,
  rollMinute,
  sealBefore,
  writableSlot,
  type RolledStream,
} from './rollups.js';

const RING = 120;

/** A stream with one request predicting `item-<sec % 7>` in every second of [from, to). */
function stream(from: number, to: number, rollLag: number): RolledStream {
  const s: RolledStream = {
    slots: new Array<ReleaseBucket | undefined>(RING),
    ring: RING,
    lastSec: to - 1,
    minutes: new Map(),
    sealedTo: 0,
    tens: new Map(),
    tensTo: 0,
    blocks: emptyBlocks(),
    unpackedSealed: false,
    rolledTo: 0,
    rollLag,
  };
  for (let sec = from; sec < to; sec++) s.slots[sec % RING] = second(sec, `item-${sec % 7}`);
  return s;
}

function second(sec: number, item: string): ReleaseBucket {
  const b = new ReleaseBucket(sec, 100);
  b.requests = 1;
  b.predictions.add(item);
  return b;
}

const view = (b: MergeSource | undefined): unknown =>
  b && { requests: b.parts().requests, items: Object.fromEntries([...b.parts().predictions.view()].sort()) };

describe('rollMinute', () => {
  const m = 6000; // a minute start
  it('rolls the latest minute settled rollLag seconds ago, and sealing then takes it without a merge', () => {
    const s = stream(m, m + 2 * MINUTE, 5);
    rollMinute(s, m + MINUTE + 4, 100);
    expect(s.blocks[1]!.has(m)).toBe(false); // settled 4 s ago, lag 5: not yet
    rollMinute(s, m + MINUTE + 5, 100);
    const rolled = s.blocks[1]!.get(m);
    expect(rolled?.parts().requests).toBe(MINUTE);
    const plain = stream(m, m + 2 * MINUTE, 5);
    sealBefore(plain, m + MINUTE, m + MINUTE, 100);
    sealBefore(s, m + MINUTE, m + MINUTE, 100);
    expect(s.minutes.get(m)).toBe(rolled);
    expect(view(s.minutes.get(m))).toEqual(view(plain.minutes.get(m)));
    expect(s.slots.filter((b) => b && b.sec < m + MINUTE)).toEqual([]);
  });

  it('a write into a rolled minute drops the roll-up, so the sealed minute holds the write', () => {
    const s = stream(m, m + 2 * MINUTE, 0);
    rollMinute(s, m + MINUTE, 100);
    expect(s.blocks[1]!.has(m)).toBe(true);
    writableSlot(s, m + 30)!.predictions.add('late');
    invalidateBlocks(s, m + 30);
    expect(s.blocks[1]!.has(m)).toBe(false);
    sealBefore(s, m + MINUTE, m + MINUTE, 100);
    expect(s.minutes.get(m)?.parts().predictions.view().get('late')).toBe(1);
    expect(s.minutes.get(m)?.parts().requests).toBe(MINUTE);
  });

  it('never rolls a minute already sealed', () => {
    const s = stream(m, m + 2 * MINUTE, 0);
    sealBefore(s, m + MINUTE, m + MINUTE, 100);
    s.blocks[1]!.clear();
    rollMinute(s, m + MINUTE, 100);
    expect(s.blocks[1]!.has(m)).toBe(false);
  });
});
