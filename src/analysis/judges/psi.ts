import { psi } from '../../stats/index.js';
import { distanceReading } from './distance-reading.js';
import { alignedField, isAligned } from './field-distribution.js';
import { homogeneityP, spendable } from './homogeneity.js';
import type { Evaluation, Evaluator } from './types.js';

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Population stability index of one input field, candidate vs baseline over the same seconds:
 * numeric fields over the histogram bins telemetry keeps per model (the same edges for every
 * release), string and boolean fields over their values. Empty bins are floored as Evidently
 * does. With significance (the default), a chi-square homogeneity test must also reject,
 * spent across looks and checkpoints within a step (checkpoint-spending.ts).
 */
export const evaluatePsi: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'psi') throw new Error('evaluatePsi: not a psi trigger');
  const label = `psi(${trigger.metric.field})`;
  const field = alignedField(ctx, label, trigger.metric.field);
  if (!isAligned(field)) return field;
  const nc = sum(field.candidate);
  const nb = sum(field.baseline);
  const value = psi(
    field.baseline.map((x) => x / nb),
    field.candidate.map((x) => x / nc),
  );
  const spent = trigger.significance ? spendable(field, homogeneityP) : undefined;
  return distanceReading(trigger, label, value, spent);
};
