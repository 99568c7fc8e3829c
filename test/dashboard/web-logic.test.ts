/** The dashboard's pure parts: a trigger's limit line, the split bar's shares, the "at 02:17" instant. */
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../web/src/instant.js';
import { splitOf } from '../../web/src/split.js';
import { limitAt, thresholdOf } from '../../web/src/triggers.js';

describe('a trigger’s limit line', () => {
  it('moves with the baseline for relative triggers', () => {
    const up = thresholdOf('hard: p95 latency up > 50% for 5s');
    expect(up).toEqual({ kind: 'relative', factor: 1.5 });
    expect(limitAt(up, 200)).toBeCloseTo(300);
    const down = thresholdOf('hard: prediction diversity down > 20% over 5s');
    expect(limitAt(down, 0.8)).toBeCloseTo(0.64);
    expect(limitAt(down, undefined)).toBeNull();
  });

  it('is fixed for absolute ones, in the reading’s units (rates as fractions, latency in ms)', () => {
    expect(limitAt(thresholdOf('hard: error rate > 5% for 5s'), 0.01)).toBeCloseTo(0.05);
    expect(limitAt(thresholdOf('soft: p99 latency > 300ms'), undefined)).toBe(300);
    expect(limitAt(thresholdOf('soft: p99 latency > 2s'), undefined)).toBe(2000);
    expect(limitAt(thresholdOf('soft: psi(age) > 0.2'), undefined)).toBe(0.2);
  });

  it('is absent when the trigger names no number it can draw', () => {
    expect(thresholdOf('soft: kpi conversion significantly down')).toEqual({ kind: 'none' });
  });
});

describe('the split bar', () => {
  it('gives the stable release what the weighted ones leave, and hides zero weights', () => {
    expect(
      splitOf({
        stable: 'v1',
        weights: [
          { release: 'v2', weight: 25 },
          { release: 'v3', weight: 0 },
        ],
      }),
    ).toEqual([
      { release: 'v1', percent: 75 },
      { release: 'v2', percent: 25 },
    ]);
  });
});

describe('"what was in production at 02:17?"', () => {
  const now = new Date(2026, 11, 6, 9, 30);
  it('reads 02:17 as the latest 02:17 not after now', () => {
    const at = parseInstant('02:17', now);
    expect(at?.getDate()).toBe(6);
    expect([at?.getHours(), at?.getMinutes()]).toEqual([2, 17]);
    expect(parseInstant('23:05', now)?.getDate()).toBe(5);
  });

  it('reads full dates too, and nothing from words', () => {
    expect(parseInstant('2026-12-06T02:17:00Z', now)?.toISOString()).toBe('2026-12-06T02:17:00.000Z');
    expect(parseInstant('2026-12-06 02:17', now)?.getMinutes()).toBe(17);
    expect(parseInstant('yesterday', now)).toBeUndefined();
    expect(parseInstant('  ', now)).toBeUndefined();
  });
});
