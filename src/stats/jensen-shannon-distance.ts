/**
 * Jensen-Shannon distance (natural log): sqrt of ½·KL(p‖m) + ½·KL(q‖m), m = (p + q)/2.
 * Symmetric, finite with empty bins, bounded by sqrt(ln 2) ≈ 0.8326.
 */
import { normalize, requireSameLength } from './normalize.js';

export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  requireSameLength(p, q, ['p', 'q']);
  const pp = normalize('p', p);
  const qq = normalize('q', q);
  let divergence = 0;
  for (let i = 0; i < pp.length; i++) {
    const a = pp[i] as number;
    const b = qq[i] as number;
    const m = (a + b) / 2;
    if (a > 0) divergence += 0.5 * a * Math.log(a / m);
    if (b > 0) divergence += 0.5 * b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, divergence));
}
