/**
 * Brent's root finder as R's `uniroot` runs it (R_zeroin2 in R's zeroin.c): same steps, same
 * tolerance rule, so roots of step functions (the Mann-Whitney confidence limits) land on the
 * very points R reports rather than anywhere inside the step.
 */
const DBL_EPSILON = 2.220446049250313e-16;

export interface RootOptions {
  /** Absolute tolerance (R's `tol`). @default DBL_EPSILON^0.25 */
  tol?: number;
  /** @default 1000 */
  maxIter?: number;
  /** f(lower) and f(upper) when already known (R's `f.lower`, `f.upper`). */
  fLower?: number;
  fUpper?: number;
}

export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: RootOptions = {},
): number {
  const tol = options.tol ?? Math.pow(DBL_EPSILON, 0.25);
  let a = lower;
  let b = upper;
  let fa = options.fLower ?? f(a);
  let fb = options.fUpper ?? f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new RangeError(`findRoot: f(${lower}) and f(${upper}) have the same sign`);
  let c = a;
  let fc = fa;
  let maxit = (options.maxIter ?? 1000) + 1;
  while (maxit--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}
