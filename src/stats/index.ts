/**
 * ripcord/stats: pure statistics for release judges. No I/O. Signatures are stable; the
 * bodies land file by file (this first version only fixes the public names and types).
 */

export type { Alternative, BinomialCounts, Moments } from './types.js';
export { StatsInputError } from './stats-input-error.js';
export { growthbookRho, msprt } from './msprt.js';
export type { MsprtInput, SequentialOptions, SequentialResult } from './msprt.js';
export { msprtProportions } from './msprt-proportions.js';
export type { MsprtProportionsInput } from './msprt-proportions.js';
export { momentsOf, msprtMeans } from './msprt-means.js';
export type { MsprtMeansInput } from './msprt-means.js';
export { countingProcessEValue } from './counting-process-e-value.js';
export type { CountingProcessInput, CountingProcessResult } from './counting-process-e-value.js';
export { compareQuantiles } from './compare-quantiles.js';
export type { QuantileComparison } from './compare-quantiles.js';
export { countAbove } from './count-above.js';
export { quantileIncreaseTest } from './quantile-increase-test.js';
export type { QuantileIncreaseInput, QuantileIncreaseResult } from './quantile-increase-test.js';
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
