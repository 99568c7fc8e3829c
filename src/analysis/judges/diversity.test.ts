import { describe, expect, it } from 'vitest';

import { createRandom, type Random } from '../../stats/random.js';
import type { ReleaseWindow, TelemetryReader } from '../../telemetry/types.js';
import { createJudge } from '../create-judge.js';
import type { Decision } from '../judge.js';
import { emptyWindow } from '../empty-window.js';
import { judgeNow } from '../judge-look.js';

const START = Date.UTC(2026, 0, 1);
/** The demo recommender's catalogue: 500 items, Zipf 1.05 (normalized entropy 0.73). */
const CATALOGUE = 500;
const zipf = (s: number): number[] => {
  const w = Array.from({ length: CATALOGUE }, (_, i) => 1 / (i + 1) ** s);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
};
const entropy = (p: readonly number[]): number => -p.reduce((a, x) => a + (x > 0 ? x * Math.log(x) : 0), 0);
const HEALTHY = zipf(1.05);

/** A Zipf whose entropy is `ratio` × the healthy one's: a real drop of 1 − ratio in diversity. */
function dropped(ratio: number): number[] {
  let lo = 1.05;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (entropy(zipf(mid)) > ratio * entropy(HEALTHY)) lo = mid;
    else hi = mid;
  }
  return zipf((lo + hi) / 2);
}

/** Item counts per release as running totals per second, so any window is two rows apart. */
class ItemStreams implements TelemetryReader {
  readonly #rows = new Map<string, Float64Array[]>();

  record(release: string, p: readonly number[], perSecond: number, random: Random): void {
    const rows = this.#rows.get(release) ?? [new Float64Array(CATALOGUE)];
    this.#rows.set(release, rows);
    const row = Float64Array.from(rows[rows.length - 1]!);
    for (let i = 0; i < perSecond; i++) {
      let u = random.next();
      let item = 0;
      while (item < CATALOGUE - 1 && (u -= p[item]!) > 0) item++;
      row[item]!++;
    }
    rows.push(row);
  }

  window(q: { release: string; from: number; to: number }): ReleaseWindow {
    const rows = this.#rows.get(q.release)!;
    const at = (ms: number): Float64Array =>
      rows[Math.min(rows.length - 1, Math.floor((ms - START) / 1000))]!;
    const [a, b] = [at(q.from), at(q.to)];
    const predictions = new Map<string, number>();
    for (let i = 0; i < CATALOGUE; i++) if (b[i]! > a[i]!) predictions.set(`item-${i}`, b[i]! - a[i]!);
    return { ...emptyWindow(q.release, q.from, q.to), predictions };
  }

  series(): ReleaseWindow[] {
    throw new Error('not used');
  }
}

/**
 * One release on a 5 % canary of 200 req/s, judged every 5 s from the step start with the
 * default confirmation; `look` sees every decision.
 */
function release(
  seed: number,
  candidate: readonly number[],
  seconds: number,
  look?: (t: number, d: Decision) => void,
) {
  const random = createRandom(seed);
  const reader = new ItemStreams();
  const judge = createJudge({ triggers: ['hard: prediction diversity down > 20%'] });
  for (let t = 1; t <= seconds; t++) {
    reader.record('v1', HEALTHY, 190, random);
    reader.record('v2', candidate, 10, random);
    if (t % 5 !== 0) continue;
    const d = judgeNow(judge, {
      reader,
      model: 'recsys',
      candidate: 'v2',
      baseline: 'v1',
      candidateShare: 0.05,
      now: START + t * 1000,
      since: START,
    });
    look?.(t, d);
    if (d.verdict === 'ROLLBACK_IMMEDIATELY') return { rolledBackAt: t, reason: d.reason };
  }
  return { rolledBackAt: undefined, reason: undefined };
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
