import { describe, expect, it } from 'vitest';

import type { TelemetryReader } from '../../telemetry/types.js';
import { createJudge } from '../create-judge.js';
import type { Decision } from '../judge.js';
import { emptyWindow } from '../empty-window.js';
import { judgeNow } from '../judge-look.js';
import { dropped, HEALTHY, simulateRelease, START } from './item-streams.test-support.js';

/** One release on a 5 % canary of 200 req/s; `look` sees every decision. */
function release(
  seed: number,
  candidate: readonly number[],
  seconds: number,
  look?: (t: number, d: Decision) => void,
) {
  return simulateRelease({
    seed,
    seconds,
    perSecond: { baseline: 190, candidate: 10 },
    baseline: () => HEALTHY,
    candidate: () => candidate,
    look,
  });
}

describe('prediction diversity against a live baseline', () => {
  it('reads ~0 % for a healthy 5 % canary from its first 20 seconds, at equal sample sizes', () => {
    const changes = new Map<number, number[]>([
      [20, []],
      [30, []],
      [60, []],
    ]);
    for (let seed = 1; seed <= 20; seed++)
      release(seed, HEALTHY, 60, (t, d) => {
        const r = d.readings[0]!;
        if (!changes.has(t)) return;
        expect(r.status, `release ${seed} at ${t} s: ${r.message}`).toBe('ok');
        changes.get(t)!.push(r.observed! / r.baseline! - 1);
      });
    for (const [t, xs] of changes) {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      // Compared on unequal samples, the 200-prediction canary read +15 % at 20 s and +10 % at 60 s.
      expect(Math.abs(mean), `mean change at ${t} s`).toBeLessThan(0.02);
      for (const x of xs) expect(Math.abs(x), `one release at ${t} s`).toBeLessThan(0.12);
    }
  });

  it('never rolls back a healthy canary over 10 minutes', () => {
    for (let seed = 101; seed <= 110; seed++)
      expect(release(seed, HEALTHY, 600).rolledBackAt).toBeUndefined();
  });

  it('rolls back a real 25 % drop on a 5 % canary of 200 req/s within 60 s, median 15 s', () => {
    const times: number[] = [];
    for (let seed = 201; seed <= 220; seed++) {
      const { rolledBackAt, reason } = release(seed, dropped(0.75), 300);
      expect(rolledBackAt, `release ${seed}`).toBeDefined();
      expect(reason).toMatch(
        /^prediction diversity 0\.\d+ is \d+(\.\d)? % below baseline 0\.\d+ at \d+ predictions each \(limit 20 %\)$/,
      );
      times.push(rolledBackAt!);
    }
    times.sort((a, b) => a - b);
    // Its spent test decides on the first breach from 50 predictions a side; with 200 a side and
    // 3 looks in a row (the effect size alone) the median was 30 s; unequal samples hid it > 5 min.
    expect(times[times.length - 1]).toBeLessThanOrEqual(60);
    expect(times[times.length >> 1]).toBeLessThanOrEqual(15);
  });

  it('refuses a count that telemetry cannot have produced: insufficient data, never a pass', () => {
    const reader: TelemetryReader = {
      window: (q) => ({
        ...emptyWindow(q.release, q.from, q.to),
        predictions: new Map([
          ['a', q.release === 'v2' ? Number.NaN : 400],
          ['b', 400],
        ]),
      }),
      series: () => [],
    };
    const judge = createJudge({ triggers: ['prediction diversity down > 20%'] });
    const d = judgeNow(judge, {
      reader,
      model: 'recsys',
      candidate: 'v2',
      baseline: 'v1',
      candidateShare: 0.05,
      now: START + 60_000,
      since: START,
    });
    expect(d.readings[0]).toMatchObject({ status: 'insufficient-data' });
    expect(d.readings[0]!.message).toBe(
      'insufficient data for prediction diversity: telemetry error, candidate predictions.a = NaN is not a count',
    );
  });
});
