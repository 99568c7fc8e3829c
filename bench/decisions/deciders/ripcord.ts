import { createJudge, type RipcordJudge } from '../../../src/analysis/index.js';
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

/**
 * ripcord's judge with its default confirmation (always-valid tests act on their first breach,
 * effect-size triggers on 3 in a row), evaluated every `tickSec`.
 */
export function ripcordDecider(tickSec = 5): Decider {
  let judge: RipcordJudge;
  let ctx: ReleaseContext;
  return {
    name: 'ripcord judges',
    start(c) {
      ctx = c;
      judge = createJudge({
        triggers: [...RIPCORD_TRIGGERS[c.scenario.mode]],
        alpha: 0.01,
      });
    },
    observe(t) {
      if (t % tickSec !== 0) return undefined;
      const decision = judge.evaluate({
        reader: ctx.reader,
        model: MODEL,
        candidate: ctx.candidate.release,
        baseline: ctx.baseline.release,
        candidateShare: ctx.candidateShare,
        now: ctx.startMs + t * 1000,
        since: ctx.startMs,
        baselineSpan: ctx.baselineSpan,
      });
      return decision.verdict === 'MONITOR' ? undefined : decision.trigger;
    },
  };
}
