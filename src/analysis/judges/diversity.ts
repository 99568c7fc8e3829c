import { chiSquareHomogeneity, normalizedEntropy } from '../../stats/index.js';
import { crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatNumber, formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import type { Evaluation, Evaluator } from './types.js';

/** Offline value of the baseline model version's diversity, when the registry has one. */
export const OFFLINE_DIVERSITY_KEY = 'prediction_diversity';

function total(counts: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/**
 * Item counts of both windows aligned on the union of items (a's items first, then b's others),
 * for a homogeneity test. Only `a` (the candidate, the smaller window) is indexed: `b` is read
 * once in order, never looked up.
 */
function aligned(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): [number[], number[]] {
  const position = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [k, x] of a) {
    position.set(k, xs.length);
    xs.push(x);
    ys.push(0);
  }
  for (const [k, y] of b) {
    const i = position.get(k);
    if (i !== undefined) ys[i] = y;
    else {
      xs.push(0);
      ys.push(y);
    }
  }
  return [xs, ys];
}

/**
 * Prediction diversity: normalized entropy H/ln K of the predicted items (1 = uniform, 0 = one
 * item). The candidate is compared with the live baseline, or with the baseline version's offline
 * `prediction_diversity` when the baseline has too few predictions in the span. Judged once the
 * candidate has enough predictions for the estimate's small-sample bias to be far below the limit.
 * With significance, a chi-square homogeneity test of the item distributions must also reject
 * (a single-look test at the trigger's alpha).
 */
export const evaluateDiversity: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  const c = trigger.comparison;
  const cand = ctx.candidate.predictions;
  const nc = total(cand);
  if (nc < MINIMUMS.predictions)
    return {
      status: 'insufficient-data',
      message: `insufficient data for prediction diversity: ${nc} candidate predictions of ${MINIMUMS.predictions} needed`,
    };
  const observed = normalizedEntropy(cand);

  if (c.mode === 'absolute')
    return {
      status: 'measured',
      exceeded: crossesAbsolute(observed, c),
      observed,
      head: `prediction diversity ${formatNumber(observed)} is ${side(observed, c.value)} ${formatNumber(c.value)}`,
      limit: `(limit ${c.op} ${formatNumber(c.value)})`,
    };

  const nb = total(ctx.baseline.predictions);
  const offline = ctx.baselineMetrics?.[OFFLINE_DIVERSITY_KEY];
  const live = nb >= MINIMUMS.predictions;
  if (!live && offline === undefined)
    return {
      status: 'insufficient-data',
      observed,
      message: `insufficient data for prediction diversity: ${nb} baseline predictions of ${MINIMUMS.predictions} needed and no offline ${OFFLINE_DIVERSITY_KEY}`,
    };
  const base = live ? normalizedEntropy(ctx.baseline.predictions) : offline!;
  const change = relativeChange(observed, base);
  let pValue: number | undefined;
  if (trigger.significance && live) {
    const [xs, ys] = aligned(cand, ctx.baseline.predictions);
    pValue = xs.length > 1 ? chiSquareHomogeneity(xs, ys).pValue : 1;
  }
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed,
    baseline: base,
    head: `prediction diversity ${formatNumber(observed)} is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} ${live ? 'baseline' : "the baseline version's offline"} ${formatNumber(base)}`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
    pValue,
  };
};
