import { describe, expect, it } from 'vitest';

import * as stats from './index.js';

describe('ripcord/stats barrel', () => {
  it('exports every public function', () => {
    const names = [
      'msprt',
      'msprtProportions',
      'msprtMeans',
      'growthbookRho',
      'momentsOf',
      'AlwaysValidPValue',
      'countingProcessEValue',
      'CheckpointSchedule',
      'mixtureLogE',
      'horizonTestLogE',
      'withHorizonTest',
      'compareQuantiles',
      'countAbove',
      'quantileIncreaseTest',
      'BlockedShareEProcess',
      'sumsSince',
      'pooledExceedances',
      'binShift',
      'mannWhitney',
      'kayentaClassify',
      'psi',
      'jensenShannonDistance',
      'chiSquareHomogeneity',
      'ksTwoSample',
      'ksBinned',
      'normalizedEntropy',
      'topItemShare',
      'coverage',
      'shannonEntropy',
      'rarefiedEntropy',
      'normalCdf',
      'normalSf',
      'normalQuantile',
      'logNormalCdf',
      'logGamma',
      'logBeta',
      'regularizedGammaP',
      'regularizedGammaQ',
      'regularizedBeta',
      'chiSquareCdf',
      'chiSquareSf',
      'kolmogorovSf',
      'findRoot',
      'createRandom',
      'aliasSampler',
      'StatsInputError',
    ];
    for (const name of names) expect(typeof (stats as Record<string, unknown>)[name], name).toBe('function');
  });
});
