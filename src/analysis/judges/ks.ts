import { ksBinned } from '../../stats/index.js';
import { distanceReading } from './distance-reading.js';
import { alignedField, isAligned } from './field-distribution.js';
import { ksP, spendable } from './homogeneity.js';
import type { Evaluation, Evaluator } from './types.js';

/**
 * Kolmogorov-Smirnov distance of one numeric input field from the baseline over the same
 * seconds: the largest gap between the two CDFs at the histogram's shared edges (a gap inside a
 * bin is not seen, so it reads at most the raw samples' D). With significance (the default), the
 * asymptotic KS test on those counts must also reject (conservative for the same reason), spent
 * across looks and checkpoints within a step (checkpoint-spending.ts).
 */
export const evaluateKs: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'ks') throw new Error('evaluateKs: not a ks trigger');
  const label = `ks(${trigger.metric.field})`;
  const field = alignedField(ctx, label, trigger.metric.field);
  if (!isAligned(field)) return field;
  if (!field.numeric)
    return {
      status: 'insufficient-data',
      message: `${label}: "${trigger.metric.field}" is categorical and KS needs ordered values; use js(${trigger.metric.field}) or psi(${trigger.metric.field})`,
    };
  const result = ksBinned(field.candidate, field.baseline);
  return distanceReading(
    trigger,
    label,
    result.statistic,
    trigger.significance ? spendable(field, ksP) : undefined,
  );
};
