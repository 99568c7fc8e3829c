/**
 * Population stability index between a reference (expected) and a current (actual) binned
 * distribution: PSI = Σ (a_i − e_i)·ln(a_i/e_i) over proportions, with bins below `floor` raised
 * to it so an empty bin does not make PSI infinite (Evidently's 1e-4). Rule of thumb: < 0.1
 * stable, 0.1–0.25 moderate shift, > 0.25 major shift.
 */
import { normalize, requireSameLength } from './normalize.js';
import { requirePositive } from './stats-input-error.js';

export function psi(
  expected: readonly number[],
  actual: readonly number[],
  options: { floor?: number } = {},
): number {
  const { floor = 1e-4 } = options;
  requirePositive('floor', floor);
  requireSameLength(expected, actual, ['expected', 'actual']);
  const e = normalize('expected', expected);
  const a = normalize('actual', actual);
  let sum = 0;
  for (let i = 0; i < e.length; i++) {
    const ei = Math.max(e[i] as number, floor);
    const ai = Math.max(a[i] as number, floor);
    sum += (ai - ei) * Math.log(ai / ei);
  }
  return sum;
}
