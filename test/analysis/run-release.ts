import { createRandom } from '../../src/stats/index.js';
import { createJudge } from '../../src/analysis/create-judge.js';
import type { Decision } from '../../src/analysis/judge.js';
import { SimulatedReleases, type ArmSecond } from './simulated-releases.js';
import { judgeNow } from '../../src/analysis/judge-look.js';

export interface ReleaseRun {
  triggers: string[];
  seconds: number;
  seed: number | string;
  candidate: (t: number) => ArmSecond;
  baseline: (t: number) => ArmSecond;
  /** Seconds between looks. @default 5 */
  lookEvery?: number;
  alpha?: number;
}

export interface ReleaseOutcome {
  /** Second (from the step start) of the first look that did not answer MONITOR. */
  actedAt?: number | undefined;
  decision?: Decision | undefined;
  /** Every look's decision, oldest first. */
  decisions: Decision[];
}

/** Simulates one step of a rollout and judges it like the controller does, look by look. */
export function runRelease(run: ReleaseRun): ReleaseOutcome {
  const start = Date.UTC(2026, 0, 1);
  const sim = new SimulatedReleases(start, run.seconds);
  const random = createRandom(run.seed);
  const judge = createJudge({ triggers: run.triggers, alpha: run.alpha });
  const every = run.lookEvery ?? 5;
  const decisions: Decision[] = [];
  for (let t = 0; t < run.seconds; t++) {
    sim.step(t, run.candidate(t), run.baseline(t), random);
    if ((t + 1) % every !== 0) continue;
    const decision = judgeNow(judge, {
      reader: sim,
      model: 'recsys',
      candidate: 'candidate',
      baseline: 'baseline',
      candidateShare: run.candidate(t).rate / (run.candidate(t).rate + run.baseline(t).rate),
      now: start + (t + 1) * 1000,
      since: start,
    });
    decisions.push(decision);
    if (decision.verdict !== 'MONITOR') return { actedAt: t + 1, decision, decisions };
  }
  return { decisions };
}

/** Wilson score interval (95 %) of k successes in n trials. */
export function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
