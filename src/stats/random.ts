/**
 * Seeded pseudo-random numbers for simulations and tests: xoshiro128** (Blackman & Vigna)
 * seeded through splitmix32, so the same seed gives the same stream on every platform.
 * Not for anything secret.
 */
import { logGamma } from './log-gamma.js';
import { StatsInputError } from './stats-input-error.js';

export interface Random {
  /** Uniform on the open interval (0, 1) (never exactly 0, so log() is safe). */
  next(): number;
  /** Uniform integer in [0, 2^32). */
  uint32(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Normal draw (Marsaglia polar method). @default mean 0, sd 1 */
  normal(mean?: number, sd?: number): number;
  /** exp(N(mu, sigma²)): median e^mu. */
  lognormal(mu: number, sigma: number): number;
  /** Poisson draw: multiplication method below λ = 10, Hörmann's PTRS above. */
  poisson(lambda: number): number;
  bernoulli(p: number): boolean;
  /** Binomial draw (exact: inversion outward from the mode). */
  binomial(n: number, p: number): number;
  /** Index drawn with probability weights[i]/Σ (O(K); use aliasSampler for many draws). */
  weightedIndex(weights: readonly number[]): number;
  /** An independent stream seeded from this one. */
  fork(): Random;
}

const TWO_32 = 4294967296;

function hashSeed(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed >>> 0;
  const text = String(seed);
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128** from a numeric or string seed. */
export function createRandom(seed: number | string): Random {
  const init = { s: hashSeed(seed) };
  return randomFromState([splitmix32(init), splitmix32(init), splitmix32(init), splitmix32(init)]);
}

/** A generator from an explicit xoshiro128** state (four 32-bit words). */
export function randomFromState(state: [number, number, number, number]): Random {
  let [s0, s1, s2, s3] = state;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  let spareNormal: number | undefined;

  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => (uint32() + 0.5) / TWO_32;

  const normal = (mean = 0, sd = 1): number => {
    if (spareNormal !== undefined) {
      const z = spareNormal;
      spareNormal = undefined;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spareNormal = v * f;
    return mean + sd * u * f;
  };

  const poisson = (lambda: number): number => {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) {
      throw new StatsInputError('lambda', `must be a finite number ≥ 0, got ${lambda}`);
    }
    if (lambda === 0) return 0;
    if (lambda < 10) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let prod = next();
      while (prod > limit) {
        k++;
        prod *= next();
      }
      return k;
    }
    // PTRS: Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    const slam = Math.sqrt(lambda);
    const logLam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -lambda + k * logLam - logGamma(k + 1)
      ) {
        return k;
      }
    }
  };

  const binomial = (n: number, p: number): number => {
    if (!(Number.isInteger(n) && n >= 0)) throw new StatsInputError('n', `must be an integer ≥ 0, got ${n}`);
    if (!(p >= 0 && p <= 1)) throw new StatsInputError('p', `must be within [0, 1], got ${p}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (n < 32) {
      let k = 0;
      for (let i = 0; i < n; i++) if (next() < p) k++;
      return k;
    }
    // Inversion that starts at the mode and walks outward: exact, O(√(npq)) expected steps.
    const q = 1 - p;
    const mode = Math.min(n, Math.floor((n + 1) * p));
    const logPmf =
      logGamma(n + 1) -
      logGamma(mode + 1) -
      logGamma(n - mode + 1) +
      mode * Math.log(p) +
      (n - mode) * Math.log(q);
    const pm = Math.exp(logPmf);
    let u = next();
    if (u < pm) return mode;
    u -= pm;
    let hi = mode + 1;
    let lo = mode - 1;
    let pHi = hi <= n ? (pm * (n - mode) * p) / ((mode + 1) * q) : 0;
    let pLo = lo >= 0 ? (pm * mode * q) / ((n - mode + 1) * p) : 0;
    while (hi <= n || lo >= 0) {
      if (hi <= n) {
        if (u < pHi) return hi;
        u -= pHi;
        pHi *= ((n - hi) * p) / ((hi + 1) * q);
        hi++;
      }
      if (lo >= 0) {
        if (u < pLo) return lo;
        u -= pLo;
        pLo *= (lo * q) / ((n - lo + 1) * p);
        lo--;
      }
    }
    return mode; // only reachable through rounding in the last ulp
  };

  const weightedIndex = (weights: readonly number[]): number => {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new StatsInputError('weights', 'need a positive total');
    let u = next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    return weights.length - 1;
  };

  const random: Random = {
    next,
    uint32,
    int: (n) => Math.floor(next() * n),
    normal,
    lognormal: (mu, sigma) => Math.exp(mu + sigma * normal()),
    poisson,
    bernoulli: (p) => next() < p,
    binomial,
    weightedIndex,
    fork: () => randomFromState([uint32(), uint32(), uint32(), uint32()]),
  };
  return random;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Walker/Vose alias table: after O(K) set-up, each draw of index i (probability weights[i]/Σ)
 * costs one uniform and one comparison.
 */
export function aliasSampler(weights: readonly number[]): (random: Random) => number {
  const k = weights.length;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const w = weights[i] as number;
    if (!(w >= 0) || !Number.isFinite(w))
      throw new StatsInputError(`weights[${i}]`, `must be a finite number ≥ 0, got ${w}`);
    total += w;
  }
  if (!(total > 0)) throw new StatsInputError('weights', 'need a positive total');
  const prob = new Float64Array(k);
  const alias = new Uint32Array(k);
  const scaled = weights.map((w) => (w * k) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((s, i) => (s < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    prob[s] = scaled[s] as number;
    alias[s] = l;
    scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
    ((scaled[l] as number) < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1; // leftovers from rounding
  return (random) => {
    const u = random.next() * k;
    const i = Math.min(k - 1, Math.floor(u));
    return u - i < (prob[i] as number) ? i : (alias[i] as number);
  };
}
