import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import {
  durationOf,
  formatAge,
  formatDuration,
  formatElapsed,
  formatSeconds,
  isDuration,
  parseDuration,
} from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['2h0m5s250ms', 7_205_250],
  ])('reads %s', (text, ms) => {
    expect(isDuration(text)).toBe(true);
    expect(parseDuration('interval', text)).toBe(ms);
  });

  it.each(['', '5', 'm', '5 m', '-5m', '5d', '1h 30m', '5min', 'PT5M'])(
    'refuses %j, naming the field and how to write one',
    (text) => {
      expect(isDuration(text)).toBe(false);
      expect(() => parseDuration('spec.keepWarm', text)).toThrow(ValidationError);
      expect(() => parseDuration('spec.keepWarm', text)).toThrow(
        `spec.keepWarm: "${text}" is not a duration; write e.g. 30s, 5m or 1h30m`,
      );
    },
  );
});

describe('durationOf', () => {
  it('converts a number and unit, or says the unit is not allowed', () => {
    expect(durationOf(5, 'm')).toBe(300_000);
    expect(durationOf(250, 'ms')).toBe(250);
    expect(durationOf(250, 'ms', ['s', 'm', 'h'])).toBeUndefined();
    expect(durationOf(3, 'd')).toBeUndefined();
    expect(durationOf(3, 'constructor')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes durations as a spec would, so they parse back', () => {
    const cases: [number, string][] = [
      [0, '0ms'],
      [250, '250ms'],
      [1_500, '1.5s'],
      [30_000, '30s'],
      [90_000, '1m30s'],
      [300_000, '5m'],
      [3_600_000, '1h'],
      [5_430_000, '1h30m30s'],
    ];
    for (const [ms, text] of cases) {
      expect(formatDuration(ms)).toBe(text);
      if (ms > 0) expect(parseDuration('d', text)).toBe(ms);
    }
  });

  it('formats elapsed time for reports at every scale', () => {
    expect([412, 8_400, 134_000, 3_780_000, undefined].map(formatElapsed)).toEqual([
      '412 ms',
      '8.4 s',
      '2 m 14 s',
      '1 h 03 m',
      '—',
    ]);
  });

  it('formats ages coarsely, never negative', () => {
    expect([-5_000, 45_000, 119_400, 180_000, 3 * 3_600_000, 3 * 86_400_000].map(formatAge)).toEqual([
      '0s',
      '45s',
      '119s',
      '3m',
      '3h',
      '3d',
    ]);
  });

  it('formats seconds with fixed decimals', () => {
    expect(formatSeconds(12_345)).toBe('12.3s');
    expect(formatSeconds(7_600, 0)).toBe('8s');
  });
});
