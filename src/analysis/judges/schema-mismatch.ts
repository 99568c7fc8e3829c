import type { ReleaseWindow } from '../../telemetry/types.js';
import { evaluateInputRate, type InputCounts } from './input-rate.js';
import type { Evaluation, Evaluator } from './types.js';

/**
 * Rows that break the model's input schema (or, for one field, rows where that field does: the
 * wrong type, missing though required, null though not nullable), over input rows checked.
 */
export function mismatchCounts(w: ReleaseWindow, field: string | undefined): InputCounts {
  if (field === undefined) {
    if (w.inputMismatchRows === undefined)
      return w.inputRows === 0
        ? { bad: 0, checked: 0 }
        : { unavailable: 'this telemetry does not count rows that break the schema' };
    return { bad: w.inputMismatchRows, checked: w.inputRows };
  }
  const q = w.inputQuality[field];
  if (!q)
    return w.inputRows === 0
      ? { bad: 0, checked: 0 }
      : { unavailable: `field "${field}" is not in the model's input schema` };
  if (q.mismatches === undefined)
    return { unavailable: `this telemetry does not count schema mismatches of "${field}"` };
  return { bad: q.mismatches, checked: w.inputRows };
}

/**
 * Input schema mismatch rate, absolute (`> 1%`) or relative to the baseline over the same
 * seconds (`up > 100%`). With significance, a one-sided mSPRT as for the null rate.
 */
export const evaluateSchemaMismatch: Evaluator = (ctx): Evaluation => {
  const { trigger } = ctx;
  if (trigger.metric.kind !== 'schema-mismatch')
    throw new Error('evaluateSchemaMismatch: not a schema-mismatch trigger');
  const field = trigger.metric.field;
  return evaluateInputRate(
    ctx,
    field === undefined ? 'input schema mismatch rate' : `input schema mismatch rate(${field})`,
    (w) => mismatchCounts(w, field),
  );
};
