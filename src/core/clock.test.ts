import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';

describe('ManualClock', () => {
  it('wakes sleepers in time order only when advanced past their wake time', async () => {
    const clock = new ManualClock(0);
    const woke: string[] = [];
    const a = clock.sleep(2_000).then(() => woke.push('a'));
    const b = clock.sleep(1_000).then(() => woke.push('b'));
    clock.advance(999);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advance(1_001);
    await Promise.all([a, b]);
    expect(woke).toEqual(['b', 'a']);
    expect(clock.now()).toBe(2_000);
  });
});
