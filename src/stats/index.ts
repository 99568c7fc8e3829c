/**
 * ripcord/stats: pure statistics for release judges. No I/O. Signatures are stable; the
 * bodies land file by file (this first version only fixes the public names and types).
 */
import type { DDSketch } from '@datadog/sketches-js';

import type { Alternative, BinomialCounts, Moments } from './types.js';

export type { Alternative, BinomialCounts, Moments } from './types.js';
export { StatsInputError } from './stats-input-error.js';
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

// ---------------------------------------------------------------- sequential (mSPRT)

export interface SequentialOptions {
  /** False-alarm level (0 < alpha < 1). */
  alpha: number;
  /** @default 'two-sided' */
  alternative?: Alternative;
  /** Null value of theta. @default 0 */
  theta0?: number;
  /** Non-inferiority margin (≥ 0) added in the direction of the alternative. @default 0 */
  margin?: number;
  /** Mixture variance; default from GrowthBook's rho with `nStar` (asymptotic CS). */
  tau2?: number;
  /** Tuning sample size for the default tau². @default 5000 */
  nStar?: number;
  /** Test the relative difference candidate/baseline − 1 (delta method) instead of the absolute one. @default false */
  relative?: boolean;
}

export interface SequentialResult {
  /** theta_hat: candidate − baseline (or candidate/baseline − 1 when relative). */
  estimate: number;
  /** Var(theta_hat). */
  variance: number;
  /** Mixture likelihood ratio Lambda_n (may be Infinity; see logLambda). */
  lambda: number;
  logLambda: number;
  /** Single-look always-valid p-value min(1, 1/Lambda_n). */
  pValue: number;
  /** Always-valid confidence sequence for theta at level 1 − alpha (one-sided → one infinite end). */
  confidenceSequence: [number, number];
  /** Lambda_n ≥ 1/alpha. */
  reject: boolean;
  /** The tau² used. */
  tau2: number;
}

export interface MsprtInput extends SequentialOptions {
  estimate: number;
  variance: number;
  /** Per-observation scale for the default tau² (tau² = rho²·scaleN·variance). */
  sampleSize?: number;
}

/** Generic normal-mixture mSPRT on an estimate and its variance. */
export function msprt(_input: MsprtInput): SequentialResult {
  return notImplemented('msprt');
}

export interface MsprtProportionsInput extends SequentialOptions {
  baseline: BinomialCounts;
  candidate: BinomialCounts;
}

export function msprtProportions(_input: MsprtProportionsInput): SequentialResult {
  return notImplemented('msprtProportions');
}

export interface MsprtMeansInput extends SequentialOptions {
  baseline: Moments;
  candidate: Moments;
}

export function msprtMeans(_input: MsprtMeansInput): SequentialResult {
  return notImplemented('msprtMeans');
}

/** GrowthBook's rho for the asymptotic confidence sequence. */
export function growthbookRho(_alpha: number, _nStar = 5000): number {
  return notImplemented('growthbookRho');
}

export interface AlwaysValidPValueJSON {
  alpha: number;
  pValue: number;
  maxLogE: number;
  looks: number;
  confidenceSequence: [number, number];
}

/**
 * Running always-valid p-value p_n = min(p_{n−1}, 1/E_n) over an e-process (mSPRT Lambda or
 * counting-process e-value), with the running intersection of confidence sequences.
 */
export class AlwaysValidPValue {
  constructor(_options: { alpha: number }) {
    notImplemented('AlwaysValidPValue');
  }
  /** Feed one look; returns the running p-value. */
  observe(_look: { logE: number; confidenceSequence?: [number, number] }): number {
    return notImplemented('AlwaysValidPValue.observe');
  }
  get pValue(): number {
    return notImplemented('AlwaysValidPValue.pValue');
  }
  get rejected(): boolean {
    return notImplemented('AlwaysValidPValue.rejected');
  }
  get confidenceSequence(): [number, number] {
    return notImplemented('AlwaysValidPValue.confidenceSequence');
  }
  get looks(): number {
    return notImplemented('AlwaysValidPValue.looks');
  }
  toJSON(): AlwaysValidPValueJSON {
    return notImplemented('AlwaysValidPValue.toJSON');
  }
  static from(_json: AlwaysValidPValueJSON): AlwaysValidPValue {
    return notImplemented('AlwaysValidPValue.from');
  }
}

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
