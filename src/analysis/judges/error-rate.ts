import { BlockedShareEProcess } from '../../stats/index.js';
import { serverSideFailures, type ReleaseWindow } from '../../telemetry/types.js';
import { runsBlocked } from './blocked.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { horizonSample, msprtLogE } from './sequential.js';
import type { BlockTest, EvalContext, Evaluation, Evaluator, RestartReading } from './types.js';

/** Server-side failures: 5xx, timeouts, connection errors and unparseable answers (a 4xx is the client's doing). */
export function errorCount(w: ReleaseWindow): number {
  return serverSideFailures(w.outcomes);
}

/** Errors and requests of both arms over some span: [candidate errors, requests, baseline errors, requests]. */
type Counts = readonly [ec: number, nc: number, eb: number, nb: number];

/**
 * Error rate. Relative, with the baseline serving alongside: a blocked test, second by second —
 * given a second's errors on both releases, the candidate's count is binomial with its share of
 * that second's requests, scaled to the limit (blocked-share-e-process.ts) — so a shared error
 * burst or a load swing cancels out. Relative against a baseline read over another span
 * (blue/green), and absolute thresholds: a one-sided mSPRT on the rate, restartable at a
 * checkpoint from the counts so far.
 */
export const evaluateErrorRate: Evaluator = (ctx): Evaluation => {
  const { trigger, candidate, baseline } = ctx;
  const c = trigger.comparison;
  const nc = candidate.requests;
  const nb = baseline.requests;
  const relative = c.mode === 'relative';
  if (!(nc >= MINIMUMS.requests) || (relative && !(nb >= MINIMUMS.requests)))
    return {
      status: 'insufficient-data',
      message: `insufficient data for error rate: ${nc} candidate${relative ? ` and ${nb} baseline` : ''} requests of ${MINIMUMS.requests} needed`,
    };
  const ec = errorCount(candidate);
  const eb = errorCount(baseline);
  const rc = ec / nc;
  const counts: Counts = [ec, nc, eb, nb];
  const blocked = runsBlocked(trigger, ctx.concurrent);
  const logE = trigger.significance && !blocked ? errorRateLogE(ctx, counts, ctx.spanMs) : undefined;
  const restart =
    trigger.significance && !blocked
      ? {
          mark: counts,
          since: (mark: readonly number[], spanMs: number): RestartReading => {
            // A baseline read over its own span (blue/green) stays whole.
            const rest = counts.map((v, i) => (i < 2 ? v - (mark[i] ?? 0) : v)) as unknown as Counts;
            return { logE: errorRateLogE(ctx, rest, spanMs) };
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
    blocks: blocked ? errorRateBlocks(c.direction, c.limit) : undefined,
  };
};

const GREATER = new BlockedShareEProcess('greater');
const LESS = new BlockedShareEProcess('less');

/**
 * The blocked test of "candidate error rate more than (1 + limit) × the baseline's" ('up'; for
 * 'down', less than (1 − limit) ×): in a second with n_c and n_b requests, an error lands on the
 * candidate with probability n_c·f / (n_c·f + n_b) when the rates are in ratio f.
 */
function errorRateBlocks(direction: 'up' | 'down', limit: number): BlockTest {
  const factor = direction === 'up' ? 1 + limit : 1 - limit;
  const process = direction === 'up' ? GREATER : LESS;
  return {
    process,
    add(sums, candidate, baseline) {
      const weighted = candidate.requests * factor;
      // A second neither release served (a scrape gap, from Prometheus) carries no evidence.
      if (weighted + baseline.requests === 0) return;
      const share = weighted / (weighted + baseline.requests);
      process.addBlock(sums, errorCount(candidate), errorCount(baseline), share);
    },
  };
}

/** log e-value of the trigger's always-valid test on some counts gathered over `spanMs`. */
function errorRateLogE(ctx: EvalContext, [ec, nc, eb, nb]: Counts, spanMs: number): number {
  const c = ctx.trigger.comparison;
  const relative = c.mode === 'relative';
  // The normal approximation behind the mSPRT needs the minimum sample.
  if (!(nc >= MINIMUMS.requests) || (relative && !(nb >= MINIMUMS.requests))) return 0;
  const rc = ec / nc;
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
