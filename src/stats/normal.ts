/**
 * Standard normal distribution. The tails go through the incomplete gamma function
 * (Φ(−z) = ½·Q(½, z²/2)), which keeps relative accuracy far out (Φ(−37) ≈ 1e−300) and gives
 * ln Φ without underflow; the quantile is Wichura's AS241 (PPND16, ~1e−16 relative).
 */
import { logRegularizedGammaQ, regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.js';

/** P(Z ≤ z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return z;
  if (z === 0) return 0.5;
  const half = (z * z) / 2;
  if (z < 0) return 0.5 * regularizedGammaQ(0.5, half);
  // For moderate z the lower-tail series is accurate; 1 − ½Q would lose digits there.
  return z < 1 ? 0.5 + 0.5 * regularizedGammaP(0.5, half) : 1 - 0.5 * regularizedGammaQ(0.5, half);
}

/** P(Z > z) = Φ(−z), accurate in the upper tail. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** ln Φ(z), finite for very negative z. */
export function logNormalCdf(z: number): number {
  if (Number.isNaN(z)) return z;
  if (z === Number.NEGATIVE_INFINITY) return z;
  if (z < 0) return Math.log(0.5) + logRegularizedGammaQ(0.5, (z * z) / 2);
  return Math.log1p(-0.5 * regularizedGammaQ(0.5, (z * z) / 2));
}

const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
] as const;
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
] as const;
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
] as const;
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
] as const;
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
] as const;
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
] as const;

function poly(c: readonly number[], x: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * x + (c[i] as number);
  return r;
}

/** z with Φ(z) = p (AS241). ±Infinity at 0 and 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  const value = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return q < 0 ? -value : value;
}
