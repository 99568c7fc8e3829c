/**
 * A trigger whose evaluator offers a fixed-horizon statistic (Evaluation.horizonZ) splits its level
 * in two: half stays on its always-valid test (run from the step start and restarted at
 * checkpoints), half goes to one z-test taken at the first look at or after the horizon (as long
 * after the step start as the baseline span lasted) on the data since the step start
 * (src/stats/horizon-test.ts for why the sum stays always-valid). The decision is due at the
 * horizon, and there a single test has the power the mSPRT spends on earlier looks
 * (docs/triggers.md, "A z-test at the horizon").
 */
import { horizonTestLogE, withHorizonTest } from '../stats/index.js';
import { DEFAULT_HORIZON_MS } from './compile-judge-config.js';
import type { JudgeInput } from './judge.js';
import type { TriggerState } from './judge-snapshot.js';

/**
 * Share of the trigger's level on the horizon test: an even split between "as soon as the
 * evidence allows" and "by the time the decision is due".
 */
export const HORIZON_WEIGHT = 0.5;

/**
 * When the z-test is taken: as long after the step start as the baseline span lasted, when the
 * baseline is read over one (at the same traffic the new release's information then matches the
 * span's, and more data can at most double it), else the default horizon (10 minutes).
 */
export function zTestHorizonMs(input: Pick<JudgeInput, 'baselineSpan'>): number {
  const span = input.baselineSpan;
  const length = span ? span.to - span.from : Number.NaN;
  return length > 0 ? length : DEFAULT_HORIZON_MS;
}

/**
 * ln of the trigger's e-value at this look: `anytimeLogE` (the always-valid test, with its
 * checkpoints) mixed with the horizon test. The first look at or after `since + horizonMs` takes
 * the horizon test at level `alpha` × HORIZON_WEIGHT, so that a rejection there alone brings the
 * mixture to 1/alpha, and keeps its outcome in `state.horizon`: later looks reuse it, since testing
 * again on more data would be peeking.
 */
export function withHorizonTestAt(
  state: TriggerState,
  anytimeLogE: number,
  z: number,
  at: { since: number; now: number; horizonMs: number },
  alpha: number,
): number {
  const level = alpha * HORIZON_WEIGHT;
  if (state.horizon === undefined && at.now - at.since >= at.horizonMs) {
    const rejected = !Number.isNaN(z) && horizonTestLogE(z, level) > 0;
    state.horizon = rejected ? 'rejected' : 'not rejected';
  }
  const horizonLogE =
    state.horizon === undefined
      ? undefined
      : state.horizon === 'rejected'
        ? -Math.log(level)
        : Number.NEGATIVE_INFINITY;
  return withHorizonTest(anytimeLogE, horizonLogE, HORIZON_WEIGHT);
}
