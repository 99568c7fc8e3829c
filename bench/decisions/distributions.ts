import { normalCdf } from './random.js';

/** Baseline behaviour of a release in the simulation (per request). */
export const BASE = Object.freeze({
  /** Lognormal latency: median 100 ms, sigma 0.4 → p95 ≈ 193 ms. */
  latencyMedianMs: 100,
  latencySigma: 0.4,
  errorRate: 0.003,
  conversion: 0.1,
  /** Items in the catalogue a recommender predicts from (Zipf popularity). */
  catalogue: 100,
  /** Normalized entropy of the healthy prediction distribution (the incident's 0.73 → 0.04). */
  diversity: 0.73,
  collapsedDiversity: 0.04,
  /** Share of rows whose feature is null. */
  nullRate: 0.005,
});

/** Log-spaced latency grid at the DDSketch's 1 % resolution (gamma = 1.01/0.99). */
export interface LatencyGrid {
  values: Float64Array;
  size: number;
}

const GAMMA_LOG = Math.log(1.01 / 0.99);

export function latencyGrid(maxScale: number): LatencyGrid {
  const mu = Math.log(BASE.latencyMedianMs);
  const lo = mu - 6 * BASE.latencySigma;
  const hi = mu + Math.log(maxScale) + 6 * BASE.latencySigma;
  const size = Math.ceil((hi - lo) / GAMMA_LOG);
  const values = new Float64Array(size);
  for (let j = 0; j < size; j++) values[j] = Math.exp(lo + (j + 0.5) * GAMMA_LOG);
  return { values, size };
}

/** Probability of each grid bin for latencies scaled by `scale` (1.4 = every latency 40 % slower, p95 too). */
export function latencyWeights(grid: LatencyGrid, scale: number): number[] {
  const mu = Math.log(BASE.latencyMedianMs * scale);
  const weights: number[] = [];
  for (let j = 0; j < grid.size; j++) {
    const lower = Math.log(grid.values[j]!) - GAMMA_LOG / 2;
    const upper = lower + GAMMA_LOG;
    weights.push(
      Math.max(0, normalCdf((upper - mu) / BASE.latencySigma) - normalCdf((lower - mu) / BASE.latencySigma)),
    );
  }
  return weights;
}

export function normalizedEntropyOf(p: readonly number[]): number {
  const total = p.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const x of p) if (x > 0) h -= (x / total) * Math.log(x / total);
  return h / Math.log(p.length);
}

function bisect(
  f: (x: number) => number,
  target: number,
  lo: number,
  hi: number,
  increasing: boolean,
): number {
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target === increasing) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Zipf(s) over the catalogue with s chosen so the normalized entropy is BASE.diversity. */
export function zipfWeights(): number[] {
  const k = BASE.catalogue;
  const zipf = (s: number): number[] => Array.from({ length: k }, (_, i) => 1 / Math.pow(i + 1, s));
  const s = bisect((x) => normalizedEntropyOf(zipf(x)), BASE.diversity, 0, 5, false);
  return zipf(s);
}

/** The collapse: one item takes almost everything (normalized entropy BASE.collapsedDiversity). */
export function collapsedWeights(healthy: readonly number[]): number[] {
  const total = healthy.reduce((a, b) => a + b, 0);
  const mix = (w: number): number[] => healthy.map((x, i) => (1 - w) * (x / total) + (i === 0 ? w : 0));
  const w = bisect((x) => normalizedEntropyOf(mix(x)), BASE.collapsedDiversity, 0, 1, false);
  return mix(w);
}

/** The PSI feature: N(shift, 1) binned at the standard normal's deciles (10 equal bins at shift 0). */
export const FEATURE_EDGES: readonly number[] = [
  -1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816,
];

export function featureWeights(shift: number): number[] {
  const cdf = [0, ...FEATURE_EDGES.map((e) => normalCdf(e - shift)), 1];
  return cdf.slice(1).map((c, i) => c - cdf[i]!);
}

/** PSI between two bin distributions (for reporting the injected shift's size). */
export function psiOf(p: readonly number[], q: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return s;
}
