import type { RipcordJudge } from '../../src/analysis/index.js';
import type { ArmStream } from './arm-stream.js';
import type { BenchReader } from './bench-reader.js';
import { MODEL } from './deciders/decider.js';

/**
 * One look of a judge at second `t` of a simulated canary, as the controller takes it: the two
 * arms' releases, the candidate's current share, `since` the step's start. Shared by the diagnose
 * scripts, which step their own arms and judges.
 */
export function judgeAt(
  judge: RipcordJudge,
  reader: BenchReader,
  arms: { candidate: ArmStream; baseline: ArmStream },
  at: { startMs: number; t: number; share: number; sinceMs?: number },
): ReturnType<RipcordJudge['evaluate']> {
  return judge.evaluate(
    {
      model: MODEL,
      candidate: arms.candidate.release,
      baseline: arms.baseline.release,
      candidateShare: at.share,
      now: at.startMs + at.t * 1000,
      since: at.sinceMs ?? at.startMs,
    },
    reader,
  );
}
