import { compileJudgeConfig, createJudge, type RipcordJudge } from '../../../src/analysis/index.js';
import type { Decider, ReleaseContext } from './decider.js';
import { MODEL } from './decider.js';

/** The triggers ripcord's judge runs in the benchmark, per rollout mode. */
export const RIPCORD_TRIGGERS = Object.freeze({
  canary: [
    'hard: error rate up > 50%',
    'hard: p95 latency up > 20%',
    'hard: kpi conversion down > 5%',
    'hard: prediction diversity down > 20%',
    'hard: psi(feature) > 0.2',
    'hard: input null rate > 2%',
  ],
  'blue-green': ['hard: error rate up > 50%', 'hard: p95 latency up > 20%', 'hard: kpi conversion down > 0%'],
});

/** The judge's alpha, split evenly over its tested triggers (compile-judge-config.ts). */
export const RIPCORD_ALPHA = 0.01;

/**
 * The level each of the judge's tests runs at in a rollout mode: 0.01 / 6 on a canary (six tested
 * triggers), 0.01 / 3 on blue/green. The oracle tests at the same level.
 */
export function ripcordAlphaPerTest(mode: keyof typeof RIPCORD_TRIGGERS): number {
  return compileJudgeConfig({ triggers: [...RIPCORD_TRIGGERS[mode]], alpha: RIPCORD_ALPHA }).alphaPerTest;
}

/** What the judge's `since` is while the canary's weight steps: the current step's start, or the rollout's. */
export type SinceMode = 'step' | 'rollout';

/** The start (in seconds) of the step that second `s` belongs to. */
export function stepStartOf(stepStarts: readonly number[], s: number): number {
  let start = 0;
  for (const x of stepStarts) if (x <= s) start = x;
  return start;
}

/**
 * ripcord's judge with its default confirmation (always-valid tests act on their first breach,
 * effect-size triggers on 3 in a row), evaluated every `tickSec` as the controller does: with the
 * canary's current weight as the candidate's share and `since` at the current step's start (or,
 * with `since: 'rollout'`, at the rollout's start). A new `since` restarts the judge's tests.
 * Without `since` the name is the plain one: the two read the same where the weight never steps.
 */
export function ripcordDecider(tickSec = 5, since?: SinceMode): Decider {
  let judge: RipcordJudge;
  let ctx: ReleaseContext;
  return {
    name: since === undefined ? 'ripcord judges' : `ripcord judges (since ${since} start)`,
    start(c) {
      ctx = c;
      judge = createJudge({
        triggers: [...RIPCORD_TRIGGERS[c.scenario.mode]],
        alpha: RIPCORD_ALPHA,
      });
    },
    observe(t) {
      if (t % tickSec !== 0) return undefined;
      // The simulation answers every read at once: the judge reads it on demand.
      const decision = judge.evaluate(
        {
          model: MODEL,
          candidate: ctx.candidate.release,
          baseline: ctx.baseline.release,
          // The weight in force for the last second simulated, as the controller's status holds it.
          candidateShare: ctx.baselineSpan ? ctx.candidateShare : ctx.env.share[t - 1]!,
          now: ctx.startMs + t * 1000,
          since: ctx.startMs + (since === 'step' ? stepStartOf(ctx.env.stepStarts, t - 1) * 1000 : 0),
          baselineSpan: ctx.baselineSpan,
        },
        ctx.reader,
      );
      return decision.verdict === 'MONITOR' ? undefined : decision.trigger;
    },
  };
}
