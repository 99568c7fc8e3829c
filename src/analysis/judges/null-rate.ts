import type { ReleaseWindow } from '../../telemetry/types.js';
import { badAbove, crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { horizonSample, msprtLogE } from './sequential.js';
import type { Evaluation, Evaluator } from './types.js';

/** Null or missing values and values checked, for one field or across every schema field. */
export function nullCounts(w: ReleaseWindow, field: string | undefined): { bad: number; checked: number } {
  const fields = field === undefined ? Object.values(w.inputQuality) : [w.inputQuality[field]];
  let bad = 0;
  let checked = 0;
  for (const q of fields) {
    if (!q) continue;
    bad += q.nulls + q.missing;
    checked += w.inputRows;
  }
  return { bad, checked };
}

/**
 * Input null rate: rows whose field is null or missing, over rows checked against the model's
 * input schema (all fields pooled unless one is named). With significance, a one-sided mSPRT.
 */
export const evaluateNullRate: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'null-rate') throw new Error('evaluateNullRate: not a null-rate trigger');
  const field = trigger.metric.field;
  const label = field === undefined ? 'input null rate' : `input null rate(${field})`;
  const c = trigger.comparison;
  const cand = nullCounts(ctx.candidate, field);
  const base = nullCounts(ctx.baseline, field);
  const relative = c.mode === 'relative';
  if (
    ctx.candidate.inputRows < MINIMUMS.inputRows ||
    (relative && ctx.baseline.inputRows < MINIMUMS.inputRows)
  )
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: ${ctx.candidate.inputRows} candidate${relative ? ` and ${ctx.baseline.inputRows} baseline` : ''} input rows of ${MINIMUMS.inputRows} needed`,
    };
  if (cand.checked === 0)
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: ${field === undefined ? 'no schema fields checked' : `field "${field}" is not in the model's input schema`}`,
    };
  const rc = cand.bad / cand.checked;
  const nStar = horizonSample(cand.checked, ctx.spanMs, ctx.horizonMs);

  if (c.mode === 'absolute') {
    let logE: number | undefined;
    if (trigger.significance) {
      const p0 = Math.min(Math.max(c.value, 1e-6), 1 - 1e-6);
      logE = msprtLogE({
        estimate: rc - c.value,
        variance: (p0 * (1 - p0)) / cand.checked,
        alternative: badAbove(c) ? 'greater' : 'less',
        alpha: ctx.alpha,
        sampleSize: cand.checked,
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

  if (base.checked === 0)
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${label}: no baseline rows checked`,
    };
  const rb = base.bad / base.checked;
  const change = relativeChange(rc, rb);
  let logE: number | undefined;
  if (trigger.significance) {
    const factor = c.direction === 'up' ? 1 + c.limit : 1 - c.limit;
    logE = msprtLogE({
      estimate: rc - factor * rb,
      variance:
        (Math.max(rc, 1 / cand.checked) * (1 - rc)) / cand.checked +
        (factor * factor * Math.max(rb, 1 / base.checked) * (1 - rb)) / base.checked,
      alternative: c.direction === 'up' ? 'greater' : 'less',
      alpha: ctx.alpha,
      sampleSize: cand.checked,
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
};
