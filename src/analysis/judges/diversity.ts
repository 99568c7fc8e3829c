import { normalizedEntropy, rarefiedEntropy, shannonEntropy } from '../../stats/index.js';
import { alignedItems } from './aligned-items.js';
import { crossesAbsolute, crossesRelative, relativeChange, side } from './compare.js';
import { formatNumber, formatPercent } from './format.js';
import { MINIMUMS } from './minimums.js';
import { badCount, telemetryError } from './reading-error.js';
import type { EvalContext, Evaluation, Evaluator, SpendableTest } from './types.js';

/** Offline value of the baseline model version's diversity, when the registry has one. */
export const OFFLINE_DIVERSITY_KEY = 'prediction_diversity';

const METRIC = 'prediction diversity';

function total(counts: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/**
 * Both arms' entropy at the smaller arm's sample size: the smaller arm's plug-in entropy, the
 * larger arm's rarefied to that size (its expected plug-in entropy on as many predictions). A
 * sample's entropy reads lower the fewer predictions it holds, so at equal sizes the bias is the
 * same on both sides and the ratio reads ~0 % for two releases that predict alike.
 */
function atEqualSize(
  cand: ReadonlyMap<string, number>,
  base: ReadonlyMap<string, number>,
  nc: number,
  nb: number,
): { n: number; hc: number; hb: number } {
  const n = Math.min(nc, nb);
  const entropyAt = (counts: ReadonlyMap<string, number>, size: number): number =>
    size === n ? shannonEntropy(counts) : rarefiedEntropy(counts, n);
  return { n, hc: entropyAt(cand, nc), hb: entropyAt(base, nb) };
}

/** Items seen by either arm (on the aligned counts): the common scale both readings are put on. */
function itemsSeen(test: SpendableTest): number {
  let k = 0;
  for (let j = 0; j < test.candidate.length; j++) if (test.candidate[j]! > 0 || test.baseline[j]! > 0) k++;
  return k;
}

/** `badCount`, reading the counts alone first: a window's keys are decoded only to name a bad one. */
function firstBad(label: string, counts: ReadonlyMap<string, number>): string | undefined {
  for (const value of counts.values())
    if (!(Number.isInteger(value) && value >= 0)) return badCount(label, counts);
  return undefined;
}

function againstLiveBaseline(ctx: EvalContext, nc: number, nb: number): Evaluation {
  const { trigger } = ctx;
  const c = trigger.comparison;
  if (c.mode !== 'relative') throw new Error('againstLiveBaseline: not a relative trigger');
  const cand = ctx.candidate.predictions;
  const baseline = ctx.baseline.predictions;
  const { n, hc, hb } = atEqualSize(cand, baseline, nc, nb);
  const counts = alignedItems(cand, baseline);
  const k = itemsSeen(counts);
  const scale = k > 1 ? Math.log(k) : 1;
  const observed = hc / scale;
  const base = hb / scale;
  const change = relativeChange(hc, hb);
  const spent = trigger.significance ? counts : undefined;
  const pValue = spent?.pValue(spent.candidate, spent.baseline);
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed,
    baseline: base,
    head: `${METRIC} ${formatNumber(observed)} is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} baseline ${formatNumber(base)}`,
    // After the span the judge may add ("over the last 35s"): the sample size belongs to it.
    limit: `at ${n.toLocaleString('en-US')} predictions each (limit ${formatPercent(c.limit)} %)`,
    pValue,
    spent,
  };
}

/**
 * Prediction diversity. Against a live baseline (the usual case: it serves alongside, over the
 * same seconds), both arms are compared at equal sample sizes: the larger arm's entropy is
 * rarefied to the smaller arm's count, so a 5 % canary is not read as more diverse for holding
 * fewer predictions. Both are shown as entropy / ln(items seen by either arm), so the change is
 * the change in entropy. Without a live baseline the candidate's normalized entropy H/ln K is
 * compared with the baseline version's offline `prediction_diversity`; an absolute trigger reads
 * that normalized entropy alone. With significance (the default), a chi-square homogeneity test
 * of the item distributions must also reject: against a live baseline within a step it is taken
 * on the step and on the spans since the judge's checkpoints, its level spent across looks
 * (checkpoint-spending.ts), so it decides on its first breach from 50 predictions a side.
 */
export const evaluateDiversity: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  const c = trigger.comparison;
  const cand = ctx.candidate.predictions;
  const bad =
    firstBad('candidate predictions', cand) ?? firstBad('baseline predictions', ctx.baseline.predictions);
  if (bad) return telemetryError(METRIC, `${bad} is not a count`);
  const nc = total(cand);
  const nb = total(ctx.baseline.predictions);
  const equalSize = trigger.significance ? MINIMUMS.testedPredictions : MINIMUMS.equalSamplePredictions;
  const live = c.mode === 'relative' && nb >= equalSize;
  if (live && nc >= equalSize) return againstLiveBaseline(ctx, nc, nb);
  const needed = live ? equalSize : MINIMUMS.predictions;
  if (nc < needed)
    return {
      status: 'insufficient-data',
      message: `insufficient data for ${METRIC}: ${nc} candidate predictions of ${needed} needed`,
    };
  const observed = normalizedEntropy(cand);

  if (c.mode === 'absolute')
    return {
      status: 'measured',
      exceeded: crossesAbsolute(observed, c),
      observed,
      head: `${METRIC} ${formatNumber(observed)} is ${side(observed, c.value)} ${formatNumber(c.value)}`,
      limit: `(limit ${c.op} ${formatNumber(c.value)})`,
    };

  const offline = ctx.baselineMetrics?.[OFFLINE_DIVERSITY_KEY];
  if (offline === undefined)
    return {
      status: 'insufficient-data',
      observed,
      message: `insufficient data for ${METRIC}: ${nb} baseline predictions of ${equalSize} needed and no offline ${OFFLINE_DIVERSITY_KEY}`,
    };
  if (!(Number.isFinite(offline) && offline >= 0))
    return telemetryError(METRIC, `the offline ${OFFLINE_DIVERSITY_KEY} ${offline} is not a diversity`);
  const change = relativeChange(observed, offline);
  return {
    status: 'measured',
    exceeded: crossesRelative(change, c),
    observed,
    baseline: offline,
    head: `${METRIC} ${formatNumber(observed)} is ${formatPercent(change)} % ${change >= 0 ? 'above' : 'below'} the baseline version's offline ${formatNumber(offline)}`,
    limit: `(limit ${formatPercent(c.limit)} %)`,
  };
};
