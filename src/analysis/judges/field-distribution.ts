import type { FieldQuality } from '../../telemetry/types.js';
import { MINIMUMS } from './minimums.js';
import { badCount, telemetryError } from './reading-error.js';
import type { EvalContext, Evaluation } from './types.js';

/** One input field's distribution on both arms, over the same bins or categories. */
export interface AlignedField {
  candidate: number[];
  baseline: number[];
  /** Numeric histogram bins (ordered), or categories (unordered). */
  numeric: boolean;
  /** Each count's category, or its bin's index for numbers. */
  labels: string[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Candidate and baseline category counts over the union of their values, in sorted order. */
function alignCategories(
  a: Record<string, number>,
  b: Record<string, number>,
): [number[], number[], string[]] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return [keys.map((k) => a[k] ?? 0), keys.map((k) => b[k] ?? 0), keys];
}

function insufficient(message: string): Evaluation {
  return { status: 'insufficient-data', message };
}

/**
 * The field's distribution on both arms, read the way telemetry keeps it: numeric fields over the
 * histogram edges shared by every release, string and boolean fields by value. An Evaluation
 * instead when it cannot be compared (no data, too little, a field kept differently on the two
 * arms, too many distinct values, or counts telemetry cannot have produced).
 */
export function alignedField(ctx: EvalContext, metric: string, field: string): AlignedField | Evaluation {
  // The trigger's test, when on, keeps the false alarms: fewer values make a stable enough reading.
  const minimum = ctx.trigger.significance ? MINIMUMS.testedRows : MINIMUMS.psiRows;
  const qc: FieldQuality | undefined = ctx.candidate.inputQuality[field];
  const qb: FieldQuality | undefined = ctx.baseline.inputQuality[field];
  const kept = (q: FieldQuality | undefined): 'numbers' | 'categories' | undefined =>
    q?.histogram ? 'numbers' : q?.categories ? 'categories' : undefined;
  const [kc, kb] = [kept(qc), kept(qb)];
  if (!kc && !kb)
    return insufficient(
      `insufficient data for ${metric}: no distribution of "${field}" recorded (is it a number, string or boolean in the model's input schema?)`,
    );
  if (kc && kb && kc !== kb)
    return insufficient(
      `${metric}: "${field}" is recorded as ${kc} on the candidate and as ${kb} on the baseline; give both releases the same input schema`,
    );
  let aligned: AlignedField;
  if (kc === 'numbers' || kb === 'numbers') {
    const hc = qc?.histogram;
    const hb = qb?.histogram;
    if (hc && hb && hc.counts.length !== hb.counts.length)
      return insufficient(
        `${metric}: candidate and baseline histograms have different bins; configure the same histogramEdges everywhere`,
      );
    const length = (hc ?? hb)!.counts.length;
    const empty = new Array<number>(length).fill(0);
    aligned = {
      candidate: hc?.counts ?? empty,
      baseline: hb?.counts ?? empty,
      numeric: true,
      labels: Array.from({ length }, (_, i) => String(i)),
    };
  } else {
    const cc = qc?.categories;
    const cb = qb?.categories;
    if (cc?.overflow || cb?.overflow)
      return insufficient(
        `insufficient data for ${metric}: "${field}" took more than 100 distinct values on the ${cc?.overflow ? 'candidate' : 'baseline'}; distribution triggers compare fields with at most 100 values`,
      );
    const [a, b, labels] = alignCategories(cc?.counts ?? {}, cb?.counts ?? {});
    aligned = { candidate: a, baseline: b, numeric: false, labels };
  }
  const bad =
    badCount(
      'candidate',
      aligned.candidate.map((c, i) => [`${field}[${i}]`, c] as const),
    ) ??
    badCount(
      'baseline',
      aligned.baseline.map((c, i) => [`${field}[${i}]`, c] as const),
    );
  if (bad) return telemetryError(metric, `${bad} is not a count`);
  const nc = sum(aligned.candidate);
  const nb = sum(aligned.baseline);
  if (nc < minimum || nb < minimum)
    return insufficient(
      `insufficient data for ${metric}: ${nc} candidate and ${nb} baseline values of ${minimum} needed`,
    );
  return aligned;
}

export const isAligned = (x: AlignedField | Evaluation): x is AlignedField => 'candidate' in x;
