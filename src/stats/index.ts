/**
 * ripcord/stats: the statistics behind ripcord's release judges, as pure functions without I/O.
 * See docs/stats.md for what each function guarantees.
 */
export type { Alternative, BinomialCounts, Moments } from './types.js';
export { StatsInputError } from './stats-input-error.js';

// Always-valid sequential tests
export { growthbookRho, msprt } from './msprt.js';
export type { MsprtInput, SequentialOptions, SequentialResult } from './msprt.js';
export { msprtProportions } from './msprt-proportions.js';
export type { MsprtProportionsInput } from './msprt-proportions.js';
export { momentsOf, msprtMeans } from './msprt-means.js';
export type { MsprtMeansInput } from './msprt-means.js';
export { AlwaysValidPValue } from './always-valid-p-value.js';
export type { AlwaysValidPValueJSON, EvidenceLook } from './always-valid-p-value.js';
export { countingProcessEValue } from './counting-process-e-value.js';
export type { CountingProcessInput, CountingProcessResult } from './counting-process-e-value.js';
export { CheckpointSchedule, mixtureLogE } from './checkpoint-mixture.js';
export { horizonTestLogE, withHorizonTest } from './horizon-test.js';
export type { CheckpointScheduleOptions, MixtureTerm } from './checkpoint-mixture.js';
export { BlockedShareEProcess, DEFAULT_ODDS_GRID, sumsSince } from './blocked-share-e-process.js';

// Latency quantiles from DDSketches
export { compareQuantiles } from './compare-quantiles.js';
export type { QuantileComparison } from './compare-quantiles.js';
export { countAbove } from './count-above.js';
export { quantileIncreaseTest } from './quantile-increase-test.js';
export { binShift, pooledExceedances } from './pooled-exceedances.js';
export type { PooledExceedances } from './pooled-exceedances.js';
export type { QuantileIncreaseInput, QuantileIncreaseResult } from './quantile-increase-test.js';

// Fixed-horizon comparison of per-interval series
export { mannWhitney } from './mann-whitney.js';
export type { MannWhitneyOptions, MannWhitneyResult } from './mann-whitney.js';
export { kayentaClassify } from './kayenta-classify.js';
export type { KayentaClassification, KayentaInput, KayentaResult } from './kayenta-classify.js';

// Drift and diversity
export { psi } from './psi.js';
export { jensenShannonDistance } from './jensen-shannon-distance.js';
export { chiSquareHomogeneity } from './chi-square-homogeneity.js';
export { gTestPooled } from './g-test-pooled.js';
export { categorySplitTest } from './category-split-test.js';
export type { CategorySplitResult } from './category-split-test.js';
export type { ChiSquareResult } from './chi-square-homogeneity.js';
export { ksTwoSample } from './ks-two-sample.js';
export type { KsResult } from './ks-two-sample.js';
export { ksBinned } from './ks-binned.js';
export { coverage, normalizedEntropy, topItemShare } from './diversity.js';
export type { Frequencies } from './diversity.js';
export { rarefiedEntropy, shannonEntropy } from './rarefied-entropy.js';

// Distributions and numerics
export { logNormalCdf, normalCdf, normalQuantile, normalSf } from './normal.js';
export { logBeta, logGamma } from './log-gamma.js';
export { chiSquareCdf, chiSquareSf, regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.js';
export { regularizedBeta } from './incomplete-beta.js';
export { kolmogorovSf } from './kolmogorov.js';
export { findRoot } from './find-root.js';
export type { RootOptions } from './find-root.js';

// Seeded randomness for simulations
export { aliasSampler, createRandom } from './random.js';
export type { Random } from './random.js';
