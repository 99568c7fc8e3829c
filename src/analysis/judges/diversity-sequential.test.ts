import { describe, expect, it } from 'vitest';

import { COLLAPSED, HEALTHY, rotated, simulateRelease } from './item-streams.test-support.js';

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Seconds from `onset` to the rollback of each of 20 releases (Infinity when none). */
function delays(o: {
  perSecond: { baseline: number; candidate: number };
  onset: number;
  seconds: number;
  background?: (t: number) => readonly number[];
}): number[] {
  const background = o.background ?? (() => HEALTHY);
  const out: number[] = [];
  for (let seed = 1; seed <= 20; seed++) {
    const { rolledBackAt, reason } = simulateRelease({
      seed,
      seconds: o.seconds,
      perSecond: o.perSecond,
      baseline: background,
      candidate: (t) => (t > o.onset ? COLLAPSED : background(t)),
    });
    expect(rolledBackAt ?? Infinity, `release ${seed} rolled back before the onset`).toBeGreaterThan(o.onset);
    if (reason)
      expect(reason).toMatch(
        /^prediction diversity [\d.]+ is \d+ % below baseline 0\.\d+( over the last [\dms]+)? at [\d,]+ predictions each \(limit 20 %\)$/,
      );
    out.push((rolledBackAt ?? Infinity) - o.onset);
  }
  return out;
}

/** The popularity ranking both releases share moves one place down the catalogue every 5 s. */
const drifting = (t: number): number[] => rotated(HEALTHY, Math.floor(t / 5));

describe('prediction diversity, judged since the checkpoint before a fault', () => {
  it('catches a collapse after 4 healthy minutes on a 5 % canary of 1,000 req/s within 10 s', () => {
    // Read on the whole step (4 minutes of healthy data) and confirmed on 3 looks, it took ~80 s.
    const d = delays({ perSecond: { baseline: 950, candidate: 50 }, onset: 240, seconds: 300 });
    expect(Math.max(...d)).toBeLessThanOrEqual(10);
  });

  it('at 10 candidate predictions a second reads the condition back to the checkpoint that holds 100', () => {
    // The first look after the onset: the rejecting span since the checkpoint 5 s back holds 50
    // predictions, below the minimum; read since the one 10 s back (half of it collapsed) instead.
    const d = delays({ perSecond: { baseline: 190, candidate: 10 }, onset: 120, seconds: 150 });
    expect(Math.max(...d)).toBeLessThanOrEqual(5);
  });

  it('rolls back no A/A canary while the shared background drifts, and catches a collapse on it', () => {
    for (let seed = 101; seed <= 110; seed++)
      expect(
        simulateRelease({
          seed,
          seconds: 600,
          perSecond: { baseline: 190, candidate: 10 },
          baseline: drifting,
          candidate: drifting,
        }).rolledBackAt,
        `A/A release ${seed}`,
      ).toBeUndefined();
    const d = delays({
      perSecond: { baseline: 190, candidate: 10 },
      onset: 180,
      seconds: 300,
      background: drifting,
    });
    expect(Math.max(...d)).toBeLessThanOrEqual(20);
  });

  it('at night (1 candidate prediction a second) catches it a median 75 s after the onset at most', () => {
    // 200 predictions a side over a diluted step and 3 looks in a row took a median ~100 s.
    const d = delays({ perSecond: { baseline: 19, candidate: 1 }, onset: 120, seconds: 420 });
    expect(median(d)).toBeLessThanOrEqual(75);
    expect(Math.max(...d)).toBeLessThanOrEqual(180);
  });
});
