import { jensenShannonDistance } from '../../stats/index.js';
import { distanceReading } from './distance-reading.js';
import { alignedField, isAligned } from './field-distribution.js';
import { homogeneityP, spendable } from './homogeneity.js';
import type { Evaluation, Evaluator } from './types.js';

/**
 * Jensen-Shannon distance (natural log, 0 to sqrt(ln 2) ≈ 0.83) of one input field's
 * distribution from the baseline's over the same seconds: numeric fields over the shared
 * histogram bins, string and boolean fields over their values. Unlike PSI it needs no floor for
 * a bin one side never saw. With significance (the default), a chi-square homogeneity test must also reject,
 * spent across looks and checkpoints within a step (checkpoint-spending.ts).
 */
export const evaluateJs: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'js') throw new Error('evaluateJs: not a js trigger');
  const label = `js(${trigger.metric.field})`;
  const field = alignedField(ctx, label, trigger.metric.field);
  if (!isAligned(field)) return field;
  const value = jensenShannonDistance(field.candidate, field.baseline);
  const spent = trigger.significance ? spendable(field, homogeneityP) : undefined;
  return distanceReading(trigger, label, value, spent);
};
