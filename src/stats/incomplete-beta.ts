/**
 * Regularized incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4).
 * The fraction is evaluated on whichever side converges, so the smaller tail is always computed
 * directly and its logarithm stays accurate when the tail itself underflows.
 */
import { logBeta } from './log-gamma.js';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 1_000_000;

function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** ln I_x(a, b) and ln(1 − I_x(a, b)), each accurate even when tiny. */
export function logBetaTails(x: number, a: number, b: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: Number.NEGATIVE_INFINITY, upper: 0 };
  if (x >= 1) return { lower: 0, upper: Number.NEGATIVE_INFINITY };
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = logFront + Math.log(continuedFraction(x, a, b)) - Math.log(a);
    return { lower, upper: Math.log1p(-Math.exp(lower)) };
  }
  const upper = logFront + Math.log(continuedFraction(1 - x, b, a)) - Math.log(b);
  return { lower: Math.log1p(-Math.exp(upper)), upper };
}

/** I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || Number.isNaN(x)) return Number.NaN;
  return Math.exp(logBetaTails(x, a, b).lower);
}
