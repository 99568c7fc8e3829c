/**
 * ripcord/stats: pure statistics for release judges. No I/O. Signatures are stable; the
 * bodies land file by file (this first version only fixes the public names and types).
 */
import type { DDSketch } from '@datadog/sketches-js';

import type { SequentialResult } from './msprt.js';
import type { Alternative } from './types.js';

export type { Alternative, BinomialCounts, Moments } from './types.js';
export { StatsInputError } from './stats-input-error.js';
export { growthbookRho, msprt } from './msprt.js';
export type { MsprtInput, SequentialOptions, SequentialResult } from './msprt.js';
export { msprtProportions } from './msprt-proportions.js';
export type { MsprtProportionsInput } from './msprt-proportions.js';
export { momentsOf, msprtMeans } from './msprt-means.js';
export type { MsprtMeansInput } from './msprt-means.js';
export { AlwaysValidPValue } from './always-valid-p-value.js';
export type { AlwaysValidPValueJSON, EvidenceLook } from './always-valid-p-value.js';
export { mannWhitney } from './mann-whitney.js';
export type { MannWhitneyOptions, MannWhitneyResult } from './mann-whitney.js';
export { kayentaClassify } from './kayenta-classify.js';
export type { KayentaClassification, KayentaInput, KayentaResult } from './kayenta-classify.js';
export { logNormalCdf, normalCdf, normalQuantile, normalSf } from './normal.js';
export { logBeta, logGamma } from './log-gamma.js';
export { chiSquareCdf, chiSquareSf, regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.js';
export { regularizedBeta } from './incomplete-beta.js';
export { kolmogorovSf } from './kolmogorov.js';
export { findRoot } from './find-root.js';
export type { RootOptions } from './find-root.js';
export { aliasSampler, createRandom } from './random.js';
export type { Random } from './random.js';

const notImplemented = (name: string): never => {
  throw new Error(`ripcord/stats: ${name} is not implemented yet`);
};

// ---------------------------------------------------------------- counting-process e-value

export interface CountingProcessInput {
  baselineCount: number;
  candidateCount: number;
  /** rho0: the candidate's share of traffic (0 < rho0 < 1). */
  candidateShare: number;
  /** Beta(a, b) mixture; default centred on rho0. */
  a?: number;
  b?: number;
  /** 'greater': candidate has more events than its share (truncated mixture). @default 'two-sided' */
  alternative?: Alternative;
}

export interface CountingProcessResult {
  eValue: number;
  logEValue: number;
  /** Single-look p = min(1, 1/E). */
  pValue: number;
}

export function countingProcessEValue(_input: CountingProcessInput): CountingProcessResult {
  return notImplemented('countingProcessEValue');
}

// ---------------------------------------------------------------- latency quantiles

export type QuantileSketch = Pick<DDSketch, 'getValueAtQuantile' | 'count'>;

export interface QuantileComparison {
  candidate: number;
  baseline: number;
  /** candidate / baseline − 1. */
  relativeChange: number;
  /** Worst-case multiplicative error of the ratio from the sketches' relative accuracy. */
  relativeErrorBound: number;
  /** Range of the true relative change allowed by the sketch error. */
  relativeChangeRange: [number, number];
}

export function compareQuantiles(_candidate: DDSketch, _baseline: DDSketch, _q: number): QuantileComparison {
  return notImplemented('compareQuantiles');
}

/** Values in the sketch above `threshold` (bin resolution: within the sketch's relative accuracy). */
export function countAbove(_sketch: DDSketch, _threshold: number): number {
  return notImplemented('countAbove');
}

export interface QuantileIncreaseInput {
  candidate: DDSketch;
  baseline: DDSketch;
  /** Quantile, e.g. 0.95. */
  q: number;
  /** Relative increase that counts as a breach, e.g. 0.3 for "p95 up by more than 30 %". */
  maxIncrease: number;
  alpha: number;
  /** Fixed threshold (overrides (1 + maxIncrease)·baseline quantile), e.g. frozen at step start. */
  threshold?: number;
  tau2?: number;
  nStar?: number;
}

export interface QuantileIncreaseResult extends SequentialResult {
  threshold: number;
  /** Candidate values above the threshold, and the candidate total. */
  exceedances: number;
  n: number;
  /** Share 1 − q the exceedance proportion is tested against. */
  nullShare: number;
}

/** Always-valid test that the candidate's q-quantile exceeds (1 + maxIncrease)·baseline q-quantile. */
export function quantileIncreaseTest(_input: QuantileIncreaseInput): QuantileIncreaseResult {
  return notImplemented('quantileIncreaseTest');
}

// ---------------------------------------------------------------- drift

export function psi(
  _expected: readonly number[],
  _actual: readonly number[],
  _options: { floor?: number } = {},
): number {
  return notImplemented('psi');
}

export function jensenShannonDistance(_p: readonly number[], _q: readonly number[]): number {
  return notImplemented('jensenShannonDistance');
}

export interface TestResult {
  statistic: number;
  pValue: number;
}

export function chiSquareHomogeneity(
  _countsA: readonly number[],
  _countsB: readonly number[],
): TestResult & { df: number } {
  return notImplemented('chiSquareHomogeneity');
}

export function ksTwoSample(_x: readonly number[], _y: readonly number[]): TestResult {
  return notImplemented('ksTwoSample');
}

// ---------------------------------------------------------------- diversity

/** Item counts (or proportions) as a frequency map or an array. */
export type Frequencies = ReadonlyMap<string, number> | readonly number[];

export function normalizedEntropy(_counts: Frequencies): number {
  return notImplemented('normalizedEntropy');
}
export function topItemShare(_counts: Frequencies): number {
  return notImplemented('topItemShare');
}
export function coverage(_counts: Frequencies, _catalogueSize: number): number {
  return notImplemented('coverage');
}
