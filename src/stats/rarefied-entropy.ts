/**
 * Shannon entropy (natural log) of item counts, and its rarefied form: the expected plug-in
 * entropy of `n` items drawn without replacement from those counts (Sanders / Hurlbert
 * rarefaction, applied to entropy instead of the number of distinct items).
 *
 * The plug-in entropy of a sample reads lower the smaller the sample (by about (K − 1)/2n nats
 * for K items seen), so two samples of different sizes cannot be compared directly. Rarefying the
 * larger one to the smaller one's size gives both the same bias: their expectations are equal
 * when the two come from one distribution, at any sample size.
 */
import type { Frequencies } from './diversity.js';
import { logGamma } from './log-gamma.js';
import { StatsInputError } from './stats-input-error.js';

/** A pmf term this far below the largest one (relative) ends the walk away from the mode. */
const NEGLIGIBLE = 1e-17;

function countsOf(field: string, counts: Frequencies): number[] {
  const values = Array.isArray(counts)
    ? [...(counts as readonly number[])]
    : [...(counts as ReadonlyMap<string, number>).values()];
  values.forEach((c, i) => {
    if (!(Number.isFinite(c) && c >= 0))
      throw new StatsInputError(`${field}[${i}]`, `must be a finite count ≥ 0, got ${c}`);
  });
  return values;
}

/** Plug-in Shannon entropy −Σ p ln p of counts (nats); NaN when they are all zero. */
export function shannonEntropy(counts: Frequencies): number {
  const values = countsOf('counts', counts);
  let total = 0;
  for (const c of values) total += c;
  if (total <= 0) return Number.NaN;
  let h = 0;
  for (const c of values) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h;
}

const logChoose = (n: number, k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * Expected plug-in entropy (nats) of `n` items drawn without replacement from `counts` (whole
 * numbers): Σ_i E[−(X_i/n) ln(X_i/n)] with X_i hypergeometric(N, N_i, n). Exact up to terms below
 * 1e-17 of each pmf's mode; its cost grows with √n per item, not with n. n = N gives the plug-in
 * entropy of the counts themselves.
 */
export function rarefiedEntropy(counts: Frequencies, n: number): number {
  const values = countsOf('counts', counts).filter((c) => c > 0);
  let total = 0;
  for (const c of values) total += c;
  if (!(Number.isInteger(n) && n >= 1))
    throw new StatsInputError('n', `must be a whole number ≥ 1, got ${n}`);
  if (n > total) throw new StatsInputError('n', `must be at most the total count ${total}, got ${n}`);
  if (n === total) return shannonEntropy(values);
  const logAll = logChoose(total, n);
  let h = 0;
  for (const ni of values) {
    if (!Number.isInteger(ni)) throw new StatsInputError('counts', `must be whole numbers, got ${ni}`);
    const lo = Math.max(0, n - (total - ni));
    const hi = Math.min(ni, n);
    const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (ni + 1)) / (total + 2))));
    const pMode = Math.exp(logChoose(ni, mode) + logChoose(total - ni, n - mode) - logAll);
    const term = (k: number): number => (k > 0 ? -(k / n) * Math.log(k / n) : 0);
    h += pMode * term(mode);
    // Walk outwards from the mode with the pmf's ratio P(k+1)/P(k).
    let p = pMode;
    for (let k = mode; k < hi && p > NEGLIGIBLE * pMode; k++) {
      p *= ((ni - k) * (n - k)) / ((k + 1) * (total - ni - n + k + 1));
      h += p * term(k + 1);
    }
    p = pMode;
    for (let k = mode; k > lo && p > NEGLIGIBLE * pMode; k--) {
      p *= (k * (total - ni - n + k)) / ((ni - k + 1) * (n - k + 1));
      h += p * term(k - 1);
    }
  }
  return h;
}
