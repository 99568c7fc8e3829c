import type { Moments } from '../../telemetry/types.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatNumber, formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { horizonSample, msprtLogE } from './sequential.js';
import type { EvalContext, Evaluation, Evaluator, RestartReading } from './types.js';

const EMPTY: Moments = { n: 0, sum: 0, sumSq: 0 };

function meanVar(m: Moments): { mean: number; variance: number } {
  const mean = m.sum / m.n;
  // Sample variance; clamp tiny negatives from rounding.
  const variance = m.n > 1 ? Math.max(0, (m.sumSq - m.n * mean * mean) / (m.n - 1)) : 0;
  return { mean, variance };
}

const minus = (m: Moments, mark: readonly number[], at: number): Moments => ({
  n: m.n - (mark[at] ?? 0),
  sum: m.sum - (mark[at + 1] ?? 0),
  sumSq: m.sumSq - (mark[at + 2] ?? 0),
});

/**
 * A KPI fed back per release (conversion 0/1, revenue, …). Relative: an mSPRT on means with a
 * non-inferiority margin, H0: candidate ≥ (1 − limit)·baseline for "down" (≤ (1 + limit)· for "up");
 * the margin is carried into the estimate so the test and the threshold agree. Absolute: a
 * one-sample mSPRT against the fixed value. Restartable at a checkpoint from the moments so far.
 * Against the span before a blue/green flip its z-score also feeds one z-test at the horizon,
 * which takes half the trigger's level (horizon-test.ts).
 */
export const evaluateKpi: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'kpi') throw new Error('evaluateKpi: not a kpi trigger');
  const name = trigger.metric.name;
  const c = trigger.comparison;
  const mc = ctx.candidate.kpis[name] ?? EMPTY;
  const mb = ctx.baseline.kpis[name] ?? EMPTY;
  const relative = c.mode === 'relative';
  if (!(mc.n >= MINIMUMS.kpiEvents) || (relative && !(mb.n >= MINIMUMS.kpiEvents)))
    return {
      status: 'insufficient-data',
      message: `insufficient data for kpi ${name}: ${mc.n} candidate${relative ? ` and ${mb.n} baseline` : ''} events of ${MINIMUMS.kpiEvents} needed`,
    };
  const cand = meanVar(mc);
  const logE = trigger.significance ? kpiLogE(ctx, mc, mb, ctx.spanMs) : undefined;
  // A baseline read over its own span (blue/green) caps the information: past the horizon the
  // test can gain at most what that span holds, so the decision is due there (horizon-test.ts).
  const horizonZ = trigger.significance && relative && !ctx.concurrent ? kpiZ(ctx, mc, mb) : undefined;
  const restart = trigger.significance
    ? {
        mark: [mc.n, mc.sum, mc.sumSq, mb.n, mb.sum, mb.sumSq],
        since: (mark: readonly number[], spanMs: number): RestartReading => {
          // A baseline read over its own span (blue/green) stays whole; a concurrent one is cut too.
          const rc = minus(mc, mark, 0);
          const rb = ctx.concurrent ? minus(mb, mark, 3) : mb;
          const enough = rc.n >= MINIMUMS.kpiEvents && (!relative || rb.n >= MINIMUMS.kpiEvents);
          return { logE: enough ? kpiLogE(ctx, rc, rb, spanMs) : 0 };
        },
      }
    : undefined;

  if (c.mode === 'absolute')
    return {
      status: 'measured',
      exceeded: crossesAbsolute(cand.mean, c),
      observed: cand.mean,
      head: `kpi ${name} ${formatNumber(cand.mean)} is ${side(cand.mean, c.value)} ${formatNumber(c.value)}`,
      limit: `(limit ${c.op} ${formatNumber(c.value)})`,
      logE,
      horizonZ,
      restart,
    };

  const base = meanVar(mb);
  const change = relativeChange(cand.mean, base.mean);
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed: cand.mean,
    baseline: base.mean,
    head: `kpi ${name} ${formatNumber(cand.mean)} is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatNumber(base.mean)}`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    logE,
    horizonZ,
    restart,
  };
};

/** The trigger's test statistic on candidate and baseline moments: theta_hat, its variance, the side of harm. */
function kpiStatistic(
  ctx: EvalContext,
  mc: Moments,
  mb: Moments,
): { estimate: number; variance: number; alternative: 'greater' | 'less' } {
  const c = ctx.trigger.comparison;
  const cand = meanVar(mc);
  if (c.mode === 'absolute')
    return {
      estimate: cand.mean - c.value,
      variance: cand.variance / mc.n,
      alternative: badAbove(c) ? 'greater' : 'less',
    };
  const base = meanVar(mb);
  const factor = c.direction === 'up' ? 1 + c.limit : 1 - c.limit;
  return {
    estimate: cand.mean - factor * base.mean,
    variance: cand.variance / mc.n + (factor * factor * base.variance) / mb.n,
    alternative: c.direction === 'up' ? 'greater' : 'less',
  };
}

/** log e-value of the trigger's mSPRT on candidate and baseline moments gathered over `spanMs`. */
function kpiLogE(ctx: EvalContext, mc: Moments, mb: Moments, spanMs: number): number {
  const t = kpiStatistic(ctx, mc, mb);
  // Fields listed, not spread: a spread copy per call costs more than the test (msprt.ts msprtOf).
  return msprtLogE({
    estimate: t.estimate,
    variance: t.variance,
    alternative: t.alternative,
    alpha: ctx.alpha,
    sampleSize: mc.n,
    nStar: horizonSample(mc.n, spanMs, ctx.horizonMs),
  });
}

/** The statistic as a z-score on the side of harm, for the test at the horizon (NaN without a variance). */
function kpiZ(ctx: EvalContext, mc: Moments, mb: Moments): number {
  const t = kpiStatistic(ctx, mc, mb);
  if (!(t.variance > 0)) return Number.NaN;
  return ((t.alternative === 'greater' ? 1 : -1) * t.estimate) / Math.sqrt(t.variance);
}
