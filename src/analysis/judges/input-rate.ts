import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { telemetryError } from './reading-error.js';
import { horizonSample, msprtLogE } from './sequential.js';
import type { EvalContext, Evaluation } from './types.js';

/** Bad input values and values checked on one arm, or why they cannot be counted. */
export type InputCounts = { bad: number; checked: number } | { unavailable: string };

const isCount = (x: number): boolean => Number.isInteger(x) && x >= 0;

/** Says what is wrong with a reading telemetry cannot have produced, else undefined. */
function invalid(arm: string, rows: number, counts: { bad: number; checked: number }): string | undefined {
  if (!isCount(rows)) return `${arm} input rows = ${rows} is not a count`;
  if (!isCount(counts.bad)) return `${arm} bad values = ${counts.bad} is not a count`;
  if (counts.bad > counts.checked) return `${arm} has ${counts.bad} bad values of ${counts.checked} checked`;
  return undefined;
}

/**
 * A rate of bad input values (nulls, schema mismatches) on the candidate, absolute or relative to
 * the baseline over the same seconds. With significance, a one-sided mSPRT on the rate (absolute)
 * or on r_c − f·r_b with the limit's factor f carried into the estimate (relative).
 */
export function evaluateInputRate(
  ctx: EvalContext,
  label: string,
  count: (w: EvalContext['candidate']) => InputCounts,
): Evaluation {
  const { trigger } = ctx;
  const c = trigger.comparison;
  const relative = c.mode === 'relative';
  const candidate = count(ctx.candidate);
  const baselineCounts = count(ctx.baseline);
  if ('unavailable' in candidate)
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: ${candidate.unavailable}`,
    };
  const wrong =
    invalid('candidate', ctx.candidate.inputRows, candidate) ??
    (relative && !('unavailable' in baselineCounts)
      ? invalid('baseline', ctx.baseline.inputRows, baselineCounts)
      : undefined);
  if (wrong) return telemetryError(label, wrong);
  if (
    ctx.candidate.inputRows < MINIMUMS.inputRows ||
    (relative && ctx.baseline.inputRows < MINIMUMS.inputRows)
  )
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: ${ctx.candidate.inputRows} candidate${relative ? ` and ${ctx.baseline.inputRows} baseline` : ''} input rows of ${MINIMUMS.inputRows} needed`,
    };
  if (candidate.checked === 0)
    return { status: 'insufficient-data', message: `insufficient data for ${label}: nothing checked` };
  const rc = candidate.bad / candidate.checked;
  const nStar = horizonSample(candidate.checked, ctx.spanMs, ctx.horizonMs);

  if (c.mode === 'absolute') {
    let logE: number | undefined;
    if (trigger.significance) {
      const p0 = Math.min(Math.max(c.value, 1e-6), 1 - 1e-6);
      logE = msprtLogE({
        estimate: rc - c.value,
        variance: (p0 * (1 - p0)) / candidate.checked,
        alternative: badAbove(c) ? 'greater' : 'less',
        alpha: ctx.alpha,
        sampleSize: candidate.checked,
        nStar,
      });
    }
    return {
      status: 'measured',
      exceeded: crossesAbsolute(rc, c),
      observed: rc,
      head: `${label} ${formatPercent(rc)} % is ${side(rc, c.value)} ${formatPercent(c.value)} %`,
      limit: `(limit ${c.op} ${formatPercent(c.value)} %)`,
      logE,
    };
  }

  if ('unavailable' in baselineCounts)
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: ${baselineCounts.unavailable} on the baseline`,
    };
  if (baselineCounts.checked === 0)
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: no baseline rows checked`,
    };
  const base = baselineCounts;
  const rb = base.bad / base.checked;
  const change = relativeChange(rc, rb);
  let logE: number | undefined;
  if (trigger.significance) {
    const factor = c.direction === 'up' ? 1 + c.limit : 1 - c.limit;
    logE = msprtLogE({
      estimate: rc - factor * rb,
      variance:
        (Math.max(rc, 1 / candidate.checked) * (1 - rc)) / candidate.checked +
        (factor * factor * Math.max(rb, 1 / base.checked) * (1 - rb)) / base.checked,
      alternative: c.direction === 'up' ? 'greater' : 'less',
      alpha: ctx.alpha,
      sampleSize: candidate.checked,
      nStar,
    });
  }
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed: rc,
    baseline: rb,
    head: `${label} ${formatPercent(rc)} % is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatPercent(rb)} %`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    logE,
  };
}
