/**
 * Counting-process e-value for event counts (Lindon & Malek, arXiv 2011.03567). With the
 * candidate taking a share rho0 of traffic, each event (error) lands on the candidate with
 * probability rho0 under the null, so given N = N_A + N_B, N_B ~ Binomial(N, rho0). Mixing the
 * likelihood ratio over rho ~ Beta(a, b):
 *   E = B(a + N_B, b + N_A) / B(a, b) / (rho0^N_B · (1 − rho0)^N_A),
 * a nonnegative martingale in the event stream: P(E ever ≥ 1/alpha) ≤ alpha. 'greater' mixes
 * over rho > rho0 only (the candidate gets more than its share of events), which also covers the
 * composite null rho ≤ rho0. Computed in log space, so millions of events are fine.
 * rho0 must stay fixed while counts accumulate; when the traffic split changes, start a new
 * segment and add the segments' log e-values (the product is still an e-process).
 */
import { logBetaTails } from './incomplete-beta.js';
import { logBeta } from './log-gamma.js';
import {
  StatsInputError,
  requireNonNegative,
  requireOpenUnit,
  requirePositive,
} from './stats-input-error.js';

import type { Alternative } from './types.js';

export interface CountingProcessInput {
  /** Events (e.g. errors) on the baseline, N_A. */
  baselineCount: number;
  /** Events on the candidate, N_B. */
  candidateCount: number;
  /** rho0: the candidate's share of traffic (0 < rho0 < 1). */
  candidateShare: number;
  /** Beta(a, b) mixing distribution. @default a = b = 1 (uniform) */
  a?: number;
  b?: number;
  /** 'greater': the candidate gets more than its share of events. @default 'two-sided' */
  alternative?: Alternative;
}

export interface CountingProcessResult {
  eValue: number;
  logEValue: number;
  /** Single-look p = min(1, 1/E); keep the running minimum (AlwaysValidPValue) across looks. */
  pValue: number;
  /** Observed candidate share of events N_B / (N_A + N_B) (NaN with no events). */
  observedShare: number;
}

export function countingProcessEValue(input: CountingProcessInput): CountingProcessResult {
  const {
    baselineCount: nA,
    candidateCount: nB,
    candidateShare: rho0,
    a = 1,
    b = 1,
    alternative = 'two-sided',
  } = input;
  requireNonNegative('baselineCount', nA);
  requireNonNegative('candidateCount', nB);
  requireOpenUnit('candidateShare', rho0);
  requirePositive('a', a);
  requirePositive('b', b);
  if (alternative !== 'two-sided' && alternative !== 'greater' && alternative !== 'less') {
    throw new StatsInputError(
      'alternative',
      `must be 'two-sided', 'greater' or 'less', got ${String(alternative)}`,
    );
  }
  let logE = logBeta(a + nB, b + nA) - logBeta(a, b) - nB * Math.log(rho0) - nA * Math.log1p(-rho0);
  if (alternative !== 'two-sided') {
    // Truncated mixture: posterior mass on the alternative side over prior mass there.
    const posterior = logBetaTails(rho0, a + nB, b + nA);
    const prior = logBetaTails(rho0, a, b);
    logE += alternative === 'greater' ? posterior.upper - prior.upper : posterior.lower - prior.lower;
  }
  if (nA === 0 && nB === 0) logE = 0; // no events: exactly no evidence (avoids rounding dust)
  return {
    eValue: Math.exp(logE),
    logEValue: logE,
    pValue: Math.min(1, Math.exp(-logE)),
    observedShare: nA + nB > 0 ? nB / (nA + nB) : Number.NaN,
  };
}
