import { countingProcessEValue } from '../../stats/index.js';
import type { ReleaseWindow } from '../../telemetry/types.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { horizonSample, msprtLogE } from './sequential.js';
import type { Evaluation, Evaluator } from './types.js';

/** Server-side failures: 5xx, timeouts and connection errors (a 4xx is the client's doing). */
export function errorCount(w: ReleaseWindow): number {
  return w.outcomes.serverError + w.outcomes.timeout + w.outcomes.connectionError;
}

/**
 * Error rate. Relative, with the baseline serving alongside: the counting-process e-value
 * (Lindon & Malek) on the candidate's share of all errors, against the share it would have if its
 * rate were (1 + limit) × the baseline's. Relative against a baseline read over another span
 * (blue/green), and absolute thresholds: a one-sided mSPRT on the rate difference.
 */
export const evaluateErrorRate: Evaluator = (ctx): Evaluation => {
  const { trigger, candidate, baseline } = ctx;
  const c = trigger.comparison;
  const nc = candidate.requests;
  const nb = baseline.requests;
  const relative = c.mode === 'relative';
  if (nc < MINIMUMS.requests || (relative && nb < MINIMUMS.requests))
    return {
      status: 'insufficient-data',
      message: `insufficient data for error rate: ${nc} candidate${relative ? ` and ${nb} baseline` : ''} requests of ${MINIMUMS.requests} needed`,
    };
  const ec = errorCount(candidate);
  const eb = errorCount(baseline);
  const rc = ec / nc;
  const nStar = horizonSample(nc, ctx.spanMs, ctx.horizonMs);

  if (c.mode === 'absolute') {
    let logE: number | undefined;
    if (trigger.significance) {
      const p0 = Math.min(Math.max(c.value, 1e-6), 1 - 1e-6);
      logE = msprtLogE({
        estimate: rc - c.value,
        variance: (p0 * (1 - p0)) / nc,
        alternative: badAbove(c) ? 'greater' : 'less',
        alpha: ctx.alpha,
        sampleSize: nc,
        nStar,
      });
    }
    return {
      status: 'measured',
      exceeded: crossesAbsolute(rc, c),
      observed: rc,
      head: `error rate ${formatPercent(rc)} % (${ec} of ${nc}) is ${side(rc, c.value)} ${formatPercent(c.value)} %`,
      limit: `(limit ${c.op} ${formatPercent(c.value)} %)`,
      logE,
    };
  }

  const rb = eb / nb;
  const change = relativeChange(rc, rb);
  let logE: number | undefined;
  if (trigger.significance) {
    const factor = c.direction === 'up' ? 1 + c.limit : 1 - c.limit;
    if (ctx.concurrent && c.direction === 'up') {
      // Conditional on the total number of errors, the candidate's count is binomial with its
      // traffic share; a rate ratio of `factor` scales that share's odds by `factor`.
      const share = nc + nb > 0 ? nc / (nc + nb) : ctx.candidateShare;
      const rho0 = (share * factor) / (share * factor + (1 - share));
      if (rho0 > 0 && rho0 < 1)
        logE = countingProcessEValue({
          baselineCount: eb,
          candidateCount: ec,
          candidateShare: rho0,
          alternative: 'greater',
        }).logEValue;
    } else {
      const vc = (Math.max(rc, 1 / nc) * (1 - rc)) / nc;
      const vb = (Math.max(rb, 1 / nb) * (1 - rb)) / nb;
      logE = msprtLogE({
        estimate: rc - factor * rb,
        variance: vc + factor * factor * vb,
        alternative: c.direction === 'up' ? 'greater' : 'less',
        alpha: ctx.alpha,
        sampleSize: nc,
        nStar,
      });
    }
  }
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed: rc,
    baseline: rb,
    head: `error rate ${formatPercent(rc)} % is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatPercent(rb)} %`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    logE,
  };
};
