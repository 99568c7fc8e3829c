import type { ReleaseWindow } from '../../telemetry/types.js';
import { evaluateInputRate, type InputCounts } from './input-rate.js';
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
  const count = (w: ReleaseWindow): InputCounts => {
    const counts = nullCounts(w, field);
    if (counts.checked > 0 || w.inputRows === 0) return counts;
    return {
      unavailable:
        field === undefined
          ? 'no schema fields checked'
          : `field "${field}" is not in the model's input schema`,
    };
  };
  return evaluateInputRate(ctx, field === undefined ? 'input null rate' : `input null rate(${field})`, count);
};
