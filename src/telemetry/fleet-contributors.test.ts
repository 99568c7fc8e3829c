import { describe, expect, it } from 'vitest';
import { FleetContributors } from './fleet-contributors.js';

describe('FleetContributors', () => {
  it('counts the gateways with traffic in a span, per release', () => {
    const c = new FleetContributors(3600);
    for (let s = 100; s < 110; s++) c.note('a', 'm', 'r1', s);
    for (let s = 105; s < 120; s++) c.note('b', 'm', 'r1', s);
    c.note('c', 'm', 'r2', 106);
    expect(c.count('m', 'r1', 100_000, 105_000)).toBe(1);
    expect(c.count('m', 'r1', 100_000, 106_000)).toBe(2);
    expect(c.count('m', 'r1', 110_000, 120_000)).toBe(1);
    expect(c.count('m', 'r2', 0, 200_000)).toBe(1);
    expect(c.count('m', 'r3', 0, 200_000)).toBe(0);
    expect(c.count('m', 'r1', 120_000, 130_000)).toBe(0);
  });

  it('merges late seconds into the runs they touch, and keeps gaps apart', () => {
    const c = new FleetContributors(3600);
    c.note('a', 'm', 'r', 10);
    c.note('a', 'm', 'r', 20);
    c.note('a', 'm', 'r', 15); // late, between runs
    expect(c.count('m', 'r', 12_000, 15_000)).toBe(0);
    expect(c.count('m', 'r', 15_000, 16_000)).toBe(1);
    for (let s = 11; s < 20; s++) c.note('a', 'm', 'r', s); // fills the gaps
    expect(c.count('m', 'r', 12_000, 13_000)).toBe(1);
    // One run is left: a window that touches any second of 10..20 sees the gateway.
    expect(c.count('m', 'r', 19_000, 19_500)).toBe(1);
  });

  it('forgets gateways whose runs left the window', () => {
    const c = new FleetContributors(60);
    c.note('gone', 'm', 'r', 100);
    c.note('here', 'm', 'r', 1000);
    c.sweep(1000);
    expect(c.count('m', 'r', 0, 2_000_000)).toBe(1);
  });

  it('holds a bounded number of runs for a gateway with sparse traffic', () => {
    const c = new FleetContributors(1_000_000);
    for (let s = 0; s < 10_000; s += 2) c.note('sparse', 'm', 'r', s);
    // The newest runs are kept; the oldest went.
    expect(c.count('m', 'r', 9_000_000, 10_000_000)).toBe(1);
    expect(c.count('m', 'r', 0, 1_000)).toBe(0);
  });
});
