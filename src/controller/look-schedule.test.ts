import { describe, expect, it } from 'vitest';

import { LookSchedule } from './look-schedule.js';

const names = Array.from({ length: 500 }, (_, i) => `rollout-${i}`);

/** How many of `names` each of the next `ticks` ticks looks at fully. */
function fullLooksPerTick(schedule: LookSchedule, ticks: number): number[][] {
  const looked: number[][] = names.map(() => []);
  for (let t = 0; t < ticks; t++) {
    schedule.beginTick();
    names.forEach((name, i) => {
      if (schedule.fullLook(name)) looked[i]!.push(t);
    });
  }
  return looked;
}

describe('LookSchedule', () => {
  it('looks at every rollout fully on every tick while ticks fit', () => {
    const schedule = new LookSchedule({ tickMs: 1000 });
    for (let t = 0; t < 5; t++) schedule.observe(700);
    expect(schedule.stride).toBe(1);
    expect(fullLooksPerTick(schedule, 3).every((ticks) => ticks.length === 3)).toBe(true);
  });

  it('grows the stride with the overrun, then looks at each rollout once per stride, spread over the ticks', () => {
    const schedule = new LookSchedule({ tickMs: 1000 });
    schedule.observe(2400); // three budgets of 800 ms
    expect(schedule.stride).toBe(3);
    const looked = fullLooksPerTick(schedule, 9);
    // Each rollout exactly every third tick…
    for (const ticks of looked) {
      expect(ticks).toHaveLength(3);
      expect(ticks[1]! - ticks[0]!).toBe(3);
      expect(ticks[2]! - ticks[1]!).toBe(3);
    }
    // …and each tick carries about a third of them.
    const perTick = [0, 1, 2].map((t) => looked.filter((ticks) => ticks.includes(t)).length);
    for (const n of perTick) expect(n).toBeGreaterThan(names.length / 3 - 50);
  });

  it('keeps growing while ticks still overrun, never past maxStride', () => {
    const schedule = new LookSchedule({ tickMs: 1000, maxStride: 4 });
    schedule.observe(900);
    expect(schedule.stride).toBe(2);
    schedule.observe(850);
    expect(schedule.stride).toBe(3);
    schedule.observe(5000);
    expect(schedule.stride).toBe(4);
  });

  it('shrinks one step after two ticks under half the budget, and holds between half and the whole', () => {
    const schedule = new LookSchedule({ tickMs: 1000 });
    schedule.observe(4000);
    expect(schedule.stride).toBe(5);
    schedule.observe(300);
    expect(schedule.stride).toBe(5);
    schedule.observe(500); // between half (400) and the budget (800): the count starts over
    schedule.observe(300);
    expect(schedule.stride).toBe(5);
    schedule.observe(300);
    expect(schedule.stride).toBe(4);
  });

  it('with maxStride 1 looks at every rollout fully whatever the ticks take', () => {
    const schedule = new LookSchedule({ tickMs: 1000, maxStride: 1 });
    schedule.observe(10_000);
    expect(schedule.stride).toBe(1);
    expect(fullLooksPerTick(schedule, 2).every((ticks) => ticks.length === 2)).toBe(true);
  });
});
