import { chiSquareHomogeneity, psi } from '../../stats/index.js';
import { crossesAbsolute, side } from './compare.js';
import { formatNumber } from './format.js';
import { MINIMUMS } from './minimums.js';
import type { Evaluation, Evaluator } from './types.js';

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Population stability index of one numeric input field, candidate vs baseline, over the
 * histogram bins telemetry keeps per model (the same edges for every release). Empty bins are
 * floored as Evidently does. With significance, a chi-square homogeneity test must also reject.
 */
export const evaluatePsi: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'psi' || trigger.comparison.mode !== 'absolute')
    throw new Error('evaluatePsi: not a psi trigger');
  const field = trigger.metric.field;
  const c = trigger.comparison;
  const hc = ctx.candidate.inputQuality[field]?.histogram;
  const hb = ctx.baseline.inputQuality[field]?.histogram;
  const nc = hc ? sum(hc.counts) : 0;
  const nb = hb ? sum(hb.counts) : 0;
  if (!hc || !hb || nc < MINIMUMS.psiRows || nb < MINIMUMS.psiRows)
    return {
      status: 'insufficient-data',
      message:
        !hc && !hb
          ? `insufficient data for psi(${field}): no numeric histogram for "${field}" (is it a number in the model's input schema?)`
          : `insufficient data for psi(${field}): ${nc} candidate and ${nb} baseline values of ${MINIMUMS.psiRows} needed`,
    };
  if (hc.counts.length !== hb.counts.length)
    return {
      status: 'insufficient-data',
      message: `psi(${field}): candidate and baseline histograms have different bins; configure the same histogramEdges everywhere`,
    };
  const value = psi(
    hb.counts.map((x) => x / nb),
    hc.counts.map((x) => x / nc),
  );
  let pValue: number | undefined;
  if (trigger.significance) {
    // Drop bins empty on both sides: they carry no information and break the test's df.
    const keep = hc.counts.map((x, i) => x + hb.counts[i]! > 0);
    pValue = chiSquareHomogeneity(
      hc.counts.filter((_, i) => keep[i]),
      hb.counts.filter((_, i) => keep[i]),
    ).pValue;
  }
  return {
    status: 'measured',
    exceeded: crossesAbsolute(value, c),
    observed: value,
    head: `psi(${field}) ${formatNumber(value)} against baseline is ${side(value, c.value)} ${formatNumber(c.value)}`,
    limit: `(limit ${c.op} ${formatNumber(c.value)})`,
    pValue,
  };
};
