/**
 * Per-request comparison of a primary and a shadow output: exact equality, equality within a
 * numeric tolerance, top-k overlap (Jaccard) and label agreement of the predicted items.
 */

export interface Comparison {
  exact: boolean;
  /** Same structure, and every number within `tol · max(1, |a|, |b|)`. */
  withinTolerance: boolean;
  /** Largest absolute difference between paired numbers (0 when none were paired). */
  maxAbsDiff: number;
  /** |A ∩ B| / |A ∪ B| of the first `topK` predicted items (undefined without predictions). */
  jaccard: number | undefined;
  /** Share of positions where the predicted items agree, over the longer list. */
  labelAgreement: number | undefined;
}

export interface CompareOptions {
  numericTolerance: number;
  topK: number;
}

function numbersClose(a: number, b: number, tol: number): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Walks both values together, clearing `exact` / `close` on the first difference of each kind. */
function walk(
  a: unknown,
  b: unknown,
  tol: number,
  state: { exact: boolean; close: boolean; max: number },
): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Object.is(a, b) && a !== b) state.exact = false;
    if (!numbersClose(a, b, tol)) state.close = false;
    const d = Math.abs(a - b);
    if (Number.isFinite(d) && d > state.max) state.max = d;
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return structural(state);
    for (let i = 0; i < a.length; i++) walk(a[i], b[i], tol, state);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return structural(state);
    for (const k of ka) {
      if (!(k in b)) return structural(state);
      walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, state);
    }
    return;
  }
  if (a !== b) structural(state);
}

function structural(state: { exact: boolean; close: boolean; max: number }): void {
  state.exact = false;
  state.close = false;
}

export function jaccardTopK(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
  k: number,
): number {
  const sa = new Set(a.slice(0, k).map(String));
  const sb = new Set(b.slice(0, k).map(String));
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

export function labelAgreement(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const n = Math.max(a.length, b.length);
  if (n === 0) return 1;
  let same = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (String(a[i]) === String(b[i])) same++;
  return same / n;
}

export function compareOutputs(
  primary: unknown,
  shadow: unknown,
  primaryItems: readonly (string | number)[] | undefined,
  shadowItems: readonly (string | number)[] | undefined,
  options: CompareOptions,
): Comparison {
  const state = { exact: true, close: true, max: 0 };
  walk(primary, shadow, options.numericTolerance, state);
  const items = primaryItems !== undefined && shadowItems !== undefined;
  return {
    exact: state.exact,
    withinTolerance: state.close,
    maxAbsDiff: state.max,
    jaccard: items ? jaccardTopK(primaryItems, shadowItems, options.topK) : undefined,
    labelAgreement: items ? labelAgreement(primaryItems, shadowItems) : undefined,
  };
}
