import { quantileIncreaseTest } from '../../stats/index.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatMs, formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import type { Evaluation, Evaluator } from './types.js';

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
 * pNN latency, from the windows' DDSketches (1 % relative accuracy). Relative: the quantile ratio
 * against the baseline, and (with significance) an always-valid test that more than (1 − q) of the
 * candidate's requests exceed (1 + limit)·baseline quantile. Absolute: the same test against the
 * fixed threshold.
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
  if (nc < need || (relative && nb < need))
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label} latency: ${Math.round(nc)} candidate${relative ? ` and ${Math.round(nb)} baseline` : ''} requests of ${need} needed`,
    };
  const observed = candidate.latency.getValueAtQuantile(q);

  if (c.mode === 'absolute') {
    const above = badAbove(c);
    const exceeded = crossesAbsolute(observed, c);
    let logE: number | undefined;
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
    }
    return {
      status: 'measured',
      exceeded,
      observed,
      head: `${label} ${formatMs(observed)} ms is ${side(observed, c.value)} ${formatMs(c.value)} ms`,
      limit: `(limit ${c.op} ${formatMs(c.value)} ms)`,
      logE,
    };
  }

  const base = baseline.latency.getValueAtQuantile(q);
  const change = relativeChange(observed, base);
  const up = c.direction === 'up';
  const exceeded = crossesRelative(change, c);
  let logE: number | undefined;
  if (trigger.significance) {
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
  }
  return {
    status: 'measured',
    exceeded,
    observed,
    baseline: base,
    head: `${label} ${formatMs(observed)} ms is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatMs(base)} ms`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    logE,
  };
};
