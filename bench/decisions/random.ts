/**
 * The simulator's own fast seeded randomness (sfc32): the benchmark draws billions of values, so it
 * keeps the hot loops free of allocation and indirection.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Exact by inversion for small means, normal approximation (continuity-corrected) above 200. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 200) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = this.next();
    while (u > cdf && k < 10 * lambda + 50) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }

  /** Exact by inversion from whichever tail is smaller (n up to a few thousand per second). */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const q = 1 - p;
    let pmf = Math.pow(q, n);
    if (pmf < 1e-300)
      return Math.max(0, Math.min(n, Math.round(n * p + Math.sqrt(n * p * q) * this.normal())));
    const ratio = p / q;
    let cdf = pmf;
    let k = 0;
    const u = this.next();
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * ratio;
      k++;
      cdf += pmf;
    }
    return k;
  }
}

/**
 * Independent Poisson counts per category (Poisson splitting): with Poisson traffic, the counts
 * in each latency bin, item or feature bin are independent Poisson variables, so a second's
 * histogram is drawn with one uniform per category instead of one draw per request.
 */
export class PoissonSplitter {
  /** Mean count of each category per second at a rate of 1 req/s. */
  private readonly unit: Float64Array;
  private readonly means: Float64Array;
  private readonly p0: Float64Array;
  private rate = Number.NaN;

  constructor(weights: readonly number[], rate = 1) {
    const total = weights.reduce((a, b) => a + b, 0);
    this.unit = Float64Array.from(weights, (w) => w / total);
    this.means = new Float64Array(weights.length);
    this.p0 = new Float64Array(weights.length);
    this.setRate(rate);
  }

  /** Traffic in requests per second from now on (cheap when it does not change). */
  setRate(rate: number): void {
    if (rate === this.rate) return;
    this.rate = rate;
    for (let i = 0; i < this.unit.length; i++) {
      this.means[i] = rate * this.unit[i]!;
      this.p0[i] = Math.exp(-this.means[i]!);
    }
  }

  /** Adds one second of counts into counts[offset + i]; returns their total. */
  fill(rng: Rng, counts: Float64Array, offset: number): number {
    let total = 0;
    const { means, p0 } = this;
    for (let i = 0; i < means.length; i++) {
      const m = means[i]!;
      if (m < 1e-12) continue;
      let k: number;
      if (m > 200) k = Math.max(0, Math.round(m + Math.sqrt(m) * rng.normal()));
      else {
        const u = rng.next();
        let p = p0[i]!;
        let cdf = p;
        k = 0;
        while (u > cdf && k < 1000) {
          k++;
          p *= m / k;
          cdf += p;
        }
      }
      if (k > 0) {
        counts[offset + i]! += k;
        total += k;
      }
    }
    return total;
  }
}

/** Standard normal CDF (erfc rational approximation, |error| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
