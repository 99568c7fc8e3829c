import type { DDSketch } from '@datadog/sketches-js';
import {
  BlockedShareEProcess,
  binShift,
  countAbove,
  msprt,
  pooledExceedances,
  quantileIncreaseTest,
} from '../../stats/index.js';
import { runsBlocked } from './blocked.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatMs, formatPercent } from './format.js';
import { LATENCY_ODDS_GRID } from './latency-odds-grid.js';
import { MINIMUMS } from './minimums.js';
import type { BlockTest, Evaluation, Evaluator, RestartableTest } from './types.js';

/**
 * Mixture variance of the exceedance test: a half-normal of scale 1 − q over the excess tail
 * share, i.e. centred on the tail share up to doubling. A pNN past its limit looks like that:
 * ×1.4 latency against a 20 % limit takes a lognormal's (sigma 0.35–0.4) share above the
 * threshold from 5 % to 10–11 %. The horizon-tuned default (GrowthBook's rho at N* = 5000,
 * scale ≈ 0.011 for p95) is built for effects a quarter that size. Simulated at 25 req/s, this
 * scale finds that fault in a median 9 s instead of 12 s when it starts with the step, 12 s
 * instead of 14 s after 10 s of healthy data, and ~2 s later (32 s against 30 s) after two
 * minutes of healthy data, where the dilute effect favours a narrower mixture; half this scale
 * loses the early gain (bench/decisions p95 +40 %: 10 s against 5 s). Any fixed tau² keeps the
 * mSPRT always-valid (Johari et al. 2017); it only moves where the power peaks.
 */
function exceedanceTau2(q: number): number {
  return (1 - q) * (1 - q);
}

/**
 * The exceedance test restartable at a checkpoint, for a fixed threshold (absolute, or from a
 * baseline span that no longer changes): the threshold is kept when the checkpoint starts, and the mark keeps the tested sketch's count above it and its total, so
 * the test reruns on the requests since. Below `need` requests since the mark it reads no
 * evidence, like the step-start test (the mixture rests on the normal approximation).
 */
function restartableExceedance(
  tested: DDSketch,
  threshold: number,
  q: number,
  alpha: number,
  need: number,
): RestartableTest | undefined {
  if (!Number.isFinite(threshold)) return undefined;
  const nullShare = 1 - q;
  return {
    // Read only when a checkpoint starts (a getter: most looks start none).
    get mark() {
      return [threshold, countAbove(tested, threshold), tested.count];
    },
    since: (mark) => {
      const t = mark[0] ?? Number.NaN;
      const n = tested.count - (mark[2] ?? 0);
      if (!(n >= need) || !Number.isFinite(t)) return { logE: 0 };
      const share = (countAbove(tested, t) - (mark[1] ?? 0)) / n;
      const r = msprt({
        estimate: share,
        variance: (nullShare * q) / n,
        theta0: nullShare,
        alternative: 'greater',
        alpha,
        tau2: exceedanceTau2(q),
      });
      return { logE: r.logLambda };
    },
  };
}

/**
 * Requests of the tested release a checkpoint of the test waits for: 15 expected above the
 * quantile at the null's share (300 for p95), or 100. At a 5 % canary of 1,000 req/s every 5 s
 * slot holds 250 (p95: a checkpoint every 5-10 s, as before within a second of time to detect);
 * at night (one request a second) one per 5 minutes, carrying the weight of the slots it spans.
 * Simulated (bench/decisions/diagnose-latency.ts, night p95 +40 %, 200 + 400 releases): misses
 * 12 of 200 → 3 of 200 and 0 of 400, median 817 → 629 s; 200 requests missed 8 and 5, 400 took
 * 689 s.
 */
function checkpointEvery(q: number): number {
  return Math.max(MINIMUMS.latencySamples, Math.ceil(15 / (1 - q)));
}

const GREATER = new BlockedShareEProcess('greater', LATENCY_ODDS_GRID);

/**
 * The blocked test of "candidate pNN more than (1 + limit) × the baseline's", second by second:
 * the candidate's values divided by (1 + limit) (rounded up to whole sketch bins, so the limit
 * tested is at most one bin, ~2 %, above the stated one) are pooled with the baseline's, and the
 * requests above the pooled pNN bin are the events; at the limit they are drawn from that second's
 * requests without replacement, so the candidate's count is hypergeometric (pooled-exceedances.ts),
 * and the test divides by its exact expectation (addDrawnBlock) rather than the binomial bound:
 * about 5 % more evidence per request at a 5 % canary (simulated, p95 +40 % 1–5 minutes into a
 * stationary canary, 1,000 releases: mean time to detect 23.8 → 22.6 s). A candidate past the limit has more
 * than 1 − q of its requests above the baseline's pNN × (1 + limit), hence more than its share
 * above the pooled threshold. 'down' swaps the releases: the baseline above the candidate by
 * 1/(1 − limit).
 */
function latencyBlocks(q: number, direction: 'up' | 'down', limit: number): BlockTest {
  const up = direction === 'up';
  const factor = up ? 1 + limit : 1 / (1 - limit);
  const process = GREATER;
  return {
    process,
    add(sums, candidate, baseline) {
      const [tested, other] = up ? [candidate, baseline] : [baseline, candidate];
      if (tested.latency.count === 0 || other.latency.count === 0) return;
      const p = pooledExceedances(tested.latency, other.latency, q, binShift(tested.latency, factor));
      process.addDrawnBlock(sums, p.tested, p.other, p.testedTotal, p.otherTotal);
    },
  };
}

/**
 * pNN latency, from the windows' DDSketches (1 % relative accuracy). Relative: the quantile ratio
 * against the baseline, and (with significance) the blocked test above when the baseline serves
 * beside the candidate, else an always-valid test that more than (1 − q) of the candidate's
 * requests exceed (1 + limit)·the baseline span's quantile. Absolute: that test against the fixed
 * threshold.
 */
export const evaluateLatency: Evaluator = (ctx): Evaluation => {
  const { trigger, candidate, baseline } = ctx;
  if (trigger.metric.kind !== 'latency') throw new Error('evaluateLatency: not a latency trigger');
  const { quantile: q, label } = trigger.metric;
  const c = trigger.comparison;
  const need = Math.max(MINIMUMS.latencySamples, Math.ceil(MINIMUMS.tailSamples / (1 - q)));
  const nc = candidate.latency.count;
  const nb = baseline.latency.count;
  const relative = c.mode === 'relative';
  if (!(nc >= need) || (relative && !(nb >= need)))
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label} latency: ${Math.round(nc)} candidate${relative ? ` and ${Math.round(nb)} baseline` : ''} requests of ${need} needed`,
    };
  const observed = candidate.latency.getValueAtQuantile(q);

  if (c.mode === 'absolute') {
    const above = badAbove(c);
    const exceeded = crossesAbsolute(observed, c);
    let logE: number | undefined;
    let restart: RestartableTest | undefined;
    if (trigger.significance && above) {
      const r = quantileIncreaseTest({
        candidate: candidate.latency,
        baseline: candidate.latency,
        q,
        maxIncrease: 0,
        threshold: c.value,
        alpha: ctx.alpha,
        tau2: exceedanceTau2(q),
      });
      logE = r.logLambda;
      restart = restartableExceedance(candidate.latency, c.value, q, ctx.alpha, need);
    }
    return {
      status: 'measured',
      exceeded,
      observed,
      head: `${label} ${formatMs(observed)} ms is ${side(observed, c.value)} ${formatMs(c.value)} ms`,
      limit: `(limit ${c.op} ${formatMs(c.value)} ms)`,
      logE,
      restart,
      checkpointCount: { seen: nc, every: checkpointEvery(q) },
    };
  }

  const base = baseline.latency.getValueAtQuantile(q);
  const change = relativeChange(observed, base);
  const up = c.direction === 'up';
  const exceeded = crossesRelative(change, c);
  let logE: number | undefined;
  let restart: RestartableTest | undefined;
  const blocks = runsBlocked(trigger, ctx.concurrent) ? latencyBlocks(q, c.direction, c.limit) : undefined;
  if (trigger.significance && !blocks) {
    // A decrease of `limit` is the baseline exceeding the candidate by 1/(1 − limit).
    const r = up
      ? quantileIncreaseTest({
          candidate: candidate.latency,
          baseline: baseline.latency,
          q,
          maxIncrease: c.limit,
          alpha: ctx.alpha,
          tau2: exceedanceTau2(q),
        })
      : quantileIncreaseTest({
          candidate: baseline.latency,
          baseline: candidate.latency,
          q,
          maxIncrease: 1 / (1 - c.limit) - 1,
          alpha: ctx.alpha,
          tau2: exceedanceTau2(q),
        });
    logE = r.logLambda;
    restart = restartableExceedance(
      up ? candidate.latency : baseline.latency,
      r.threshold,
      q,
      ctx.alpha,
      need,
    );
  }
  return {
    status: 'measured',
    exceeded,
    observed,
    baseline: base,
    head: `${label} ${formatMs(observed)} ms is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatMs(base)} ms`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    logE,
    restart,
    blocks,
    checkpointCount: { seen: up ? nc : nb, every: checkpointEvery(q) },
  };
};
