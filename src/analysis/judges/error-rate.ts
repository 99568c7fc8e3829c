import { countingProcessEValue } from '../../stats/index.js';
import { serverSideFailures, type ReleaseWindow } from '../../telemetry/types.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { horizonSample, msprtLogE } from './sequential.js';
import type { EvalContext, Evaluation, Evaluator, RestartReading } from './types.js';

/** Server-side failures: 5xx, timeouts, connection errors and unparseable answers (a 4xx is the client's doing). */
export function errorCount(w: ReleaseWindow): number {
  return serverSideFailures(w.outcomes);
}

/** Errors and requests of both arms over some span: [candidate errors, requests, baseline errors, requests]. */
type Counts = readonly [ec: number, nc: number, eb: number, nb: number];

/**
 * Error rate. Relative, with the baseline serving alongside: the counting-process e-value
 * (Lindon & Malek) on the candidate's share of all errors, against the share it would have if its
 * rate were (1 + limit) × the baseline's. Relative against a baseline read over another span
 * (blue/green), and absolute thresholds: a one-sided mSPRT on the rate difference.
 * The test is restartable: a checkpoint keeps the counts so far and reruns it on the rest.
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
  const counts: Counts = [ec, nc, eb, nb];
  const logE = trigger.significance ? errorRateLogE(ctx, counts, ctx.spanMs) : undefined;
  const restart = trigger.significance
    ? {
        mark: counts,
        since: (mark: readonly number[], spanMs: number): RestartReading => {
          // A baseline read over its own span (blue/green) stays whole; a concurrent one is cut too.
          const cut = ctx.concurrent ? 4 : 2;
          const rest = counts.map((v, i) => (i < cut ? v - (mark[i] ?? 0) : v)) as unknown as Counts;
          return { logE: errorRateLogE(ctx, rest, spanMs), exceeded: errorRateExceeded(ctx, rest) };
        },
      }
    : undefined;

  if (c.mode === 'absolute')
    return {
      status: 'measured',
      exceeded: crossesAbsolute(rc, c),
      observed: rc,
      head: `error rate ${formatPercent(rc)} % (${ec} of ${nc}) is ${side(rc, c.value)} ${formatPercent(c.value)} %`,
      limit: `(limit ${c.op} ${formatPercent(c.value)} %)`,
      logE,
      restart,
    };

  const rb = eb / nb;
  const change = relativeChange(rc, rb);
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed: rc,
    baseline: rb,
    head: `error rate ${formatPercent(rc)} % is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatPercent(rb)} %`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    logE,
    restart,
  };
};

/** The trigger's effect-size condition on some counts (false without a candidate request). */
function errorRateExceeded(ctx: EvalContext, [ec, nc, eb, nb]: Counts): boolean {
  const c = ctx.trigger.comparison;
  if (!(nc > 0)) return false;
  if (c.mode === 'absolute') return crossesAbsolute(ec / nc, c);
  return nb > 0 && crossesRelative(relativeChange(ec / nc, eb / nb), c);
}

/** log e-value of the trigger's always-valid test on some counts gathered over `spanMs`. */
function errorRateLogE(ctx: EvalContext, [ec, nc, eb, nb]: Counts, spanMs: number): number {
  const c = ctx.trigger.comparison;
  const relative = c.mode === 'relative';
  const concurrentCounting = relative && ctx.concurrent && c.direction === 'up';
  // The normal approximation behind the mSPRT needs the minimum sample; the counting-process
  // e-value is exact at any count.
  if (!concurrentCounting && (nc < MINIMUMS.requests || (relative && nb < MINIMUMS.requests))) return 0;
  const rc = nc > 0 ? ec / nc : 0;
  const nStar = horizonSample(nc, spanMs, ctx.horizonMs);
  if (c.mode === 'absolute') {
    const p0 = Math.min(Math.max(c.value, 1e-6), 1 - 1e-6);
    return msprtLogE({
      estimate: rc - c.value,
      variance: (p0 * (1 - p0)) / nc,
      alternative: badAbove(c) ? 'greater' : 'less',
      alpha: ctx.alpha,
      sampleSize: nc,
      nStar,
    });
  }
  const factor = c.direction === 'up' ? 1 + c.limit : 1 - c.limit;
  if (concurrentCounting) {
    // Conditional on the total number of errors, the candidate's count is binomial with its
    // traffic share; a rate ratio of `factor` scales that share's odds by `factor`.
    const share = nc + nb > 0 ? nc / (nc + nb) : ctx.candidateShare;
    const rho0 = (share * factor) / (share * factor + (1 - share));
    if (!(rho0 > 0 && rho0 < 1)) return 0;
    return countingProcessEValue({
      baselineCount: eb,
      candidateCount: ec,
      candidateShare: rho0,
      alternative: 'greater',
    }).logEValue;
  }
  const rb = eb / nb;
  const vc = (Math.max(rc, 1 / nc) * (1 - rc)) / nc;
  const vb = (Math.max(rb, 1 / nb) * (1 - rb)) / nb;
  return msprtLogE({
    estimate: rc - factor * rb,
    variance: vc + factor * factor * vb,
    alternative: c.direction === 'up' ? 'greater' : 'less',
    alpha: ctx.alpha,
    sampleSize: nc,
    nStar,
  });
}
