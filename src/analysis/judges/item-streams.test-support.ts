/**
 * Simulated prediction streams for the diversity tests: item counts per release as running
 * totals per second, so any window is two rows apart, and a release judged every 5 s.
 */
import { createRandom, type Random } from '../../stats/random.js';
import type { ReleaseWindow, TelemetryReader } from '../../telemetry/types.js';
import { createJudge } from '../create-judge.js';
import { emptyWindow } from '../empty-window.js';
import type { Decision } from '../judge.js';
import { judgeNow } from '../judge-look.js';

export const START = Date.UTC(2026, 0, 1);
/** The demo recommender's catalogue: 500 items, Zipf 1.05 (normalized entropy 0.73). */
export const CATALOGUE = 500;

export const zipf = (s: number): number[] => {
  const w = Array.from({ length: CATALOGUE }, (_, i) => 1 / (i + 1) ** s);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
};
export const entropy = (p: readonly number[]): number =>
  -p.reduce((a, x) => a + (x > 0 ? x * Math.log(x) : 0), 0);
export const HEALTHY = zipf(1.05);

/** A Zipf whose entropy is `ratio` × the healthy one's: a real drop of 1 − ratio in diversity. */
export function dropped(ratio: number): number[] {
  let lo = 1.05;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (entropy(zipf(mid)) > ratio * entropy(HEALTHY)) lo = mid;
    else hi = mid;
  }
  return zipf((lo + hi) / 2);
}

/** The collapse of the seed runbook: one item takes 99 % of the predictions. */
export const COLLAPSED = HEALTHY.map((_, i) => (i === 0 ? 0.99 : 0.01 / (CATALOGUE - 1)));

/** `p` with its items' popularity moved `shift` places down the catalogue (a drifting background). */
export const rotated = (p: readonly number[], shift: number): number[] =>
  p.map((_, i) => p[(i - (shift % CATALOGUE) + CATALOGUE) % CATALOGUE]!);

export class ItemStreams implements TelemetryReader {
  readonly #rows = new Map<string, Float64Array[]>();

  record(release: string, p: readonly number[], perSecond: number, random: Random): void {
    const rows = this.#rows.get(release) ?? [new Float64Array(CATALOGUE)];
    this.#rows.set(release, rows);
    const row = Float64Array.from(rows[rows.length - 1]!);
    const cumulative: number[] = [];
    let sum = 0;
    for (const x of p) cumulative.push((sum += x));
    for (let i = 0; i < perSecond; i++) {
      const u = random.next() * sum;
      let lo = 0;
      let hi = CATALOGUE - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      row[lo]!++;
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

export interface SimulatedRelease {
  seed: number;
  seconds: number;
  /** Predictions per second on each arm. */
  perSecond: { baseline: number; candidate: number };
  /** Item popularity on each arm in second `t` (1-based). */
  baseline: (t: number) => readonly number[];
  candidate: (t: number) => readonly number[];
  trigger?: string;
  /** Sees every decision. */
  look?: (t: number, d: Decision) => void;
}

/** One release judged every 5 s from the step start with the default confirmation. */
export function simulateRelease(o: SimulatedRelease): { rolledBackAt?: number; reason?: string } {
  const random = createRandom(o.seed);
  const reader = new ItemStreams();
  const judge = createJudge({ triggers: [o.trigger ?? 'hard: prediction diversity down > 20%'] });
  const share = o.perSecond.candidate / (o.perSecond.candidate + o.perSecond.baseline);
  for (let t = 1; t <= o.seconds; t++) {
    reader.record('v1', o.baseline(t), o.perSecond.baseline, random);
    reader.record('v2', o.candidate(t), o.perSecond.candidate, random);
    if (t % 5 !== 0) continue;
    const d = judgeNow(judge, {
      reader,
      model: 'recsys',
      candidate: 'v2',
      baseline: 'v1',
      candidateShare: share,
      now: START + t * 1000,
      since: START,
    });
    o.look?.(t, d);
    if (d.verdict === 'ROLLBACK_IMMEDIATELY') return { rolledBackAt: t, reason: d.reason };
  }
  return {};
}
