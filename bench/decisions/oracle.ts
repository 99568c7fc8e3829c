import { chiSquareSf, normalCdf } from '../../src/stats/index.js';
import type { ArmStream } from './arm-stream.js';
import { BASE, featureWeights } from './distributions.js';
import { zUpper } from './fixed-horizon.js';
import type { Regression } from './scenarios.js';

/** The power the oracle's fixed-horizon test must reach: the detection target. */
export const ORACLE_POWER = 0.99;

/** What the oracle knows: the true rates before and after the onset, and each test's limit. */
export interface OracleTruth {
  /** Level of each test (ripcord's per-test alpha). */
  alpha: number;
  /** Item popularity healthy and collapsed (diversity), feature shift (PSI). */
  items: { healthy: number[]; collapsed: number[] };
  featureShift: number;
  /** The triggers' limits: error rate up > 50 %, p95 up > 20 %, blue/green conversion down > 0 %. */
  errorLimit: number;
  p95Limit: number;
  conversionDrop: number;
  /** Regressed values. */
  errorRate: number;
  latencyScale: number;
  conversion: number;
}

const normalize = (w: readonly number[]): number[] => {
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
};

/** Critical value of a chi-square test at `alpha` (bisection on the survival function). */
function chiSquareCritical(alpha: number, df: number): number {
  let lo = 0;
  let hi = df + 100 * Math.sqrt(2 * df);
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSf(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Power of a two-sample chi-square homogeneity test (noncentral chi-square, normal approximation). */
function homogeneityPower(p: number[], q: number[], nc: number, nb: number, crit: number): number {
  const df = p.length - 1;
  const harmonic = (nc * nb) / (nc + nb);
  let lambda = 0;
  for (let i = 0; i < p.length; i++) {
    const pooled = (nc * p[i]! + nb * q[i]!) / (nc + nb);
    if (pooled > 0) lambda += (p[i]! - q[i]!) ** 2 / pooled;
  }
  lambda *= harmonic;
  return 1 - normalCdf((crit - (df + lambda)) / Math.sqrt(2 * (df + 2 * lambda)));
}

/** Power of a one-sided z-test of a difference: effect `delta`, standard errors under H0 and under the truth. */
const zPower = (delta: number, se0: number, se1: number, z: number): number =>
  normalCdf((delta - z * se0) / se1);

/**
 * An oracle fixed-horizon test that knows the onset and the true effect: it tests only data since
 * the onset and reads its verdict once its power reaches ORACLE_POWER. `powerAt` answers, given the
 * sample sizes since the onset, whether that horizon has come. No monitoring scheme can beat this
 * horizon at the same level and power by much (it is what a test that knew when to look would wait).
 */
export function oracleFor(regression: Exclude<Regression, 'none'>, truth: OracleTruth) {
  const z = zUpper(truth.alpha);
  const rb = BASE.errorRate;
  const f = 1 + truth.errorLimit;
  // Share of the regressed release's requests above (1 + limit) × the healthy p95.
  const z95 = 1.6448536269514722;
  const tail1 = 1 - normalCdf(z95 - Math.log(truth.latencyScale / (1 + truth.p95Limit)) / BASE.latencySigma);
  const items = { p: normalize(truth.items.collapsed), q: normalize(truth.items.healthy) };
  const features = { p: featureWeights(truth.featureShift), q: featureWeights(0) };
  const itemCrit = chiSquareCritical(truth.alpha, items.p.length - 1);
  const featureCrit = chiSquareCritical(truth.alpha, features.p.length - 1);
  const mb = BASE.conversion;
  const mc = truth.conversion;
  const g = 1 - truth.conversionDrop;

  /** Power at `nc` candidate and `nb` baseline observations since the onset (KPI events for conversion). */
  return (nc: number, nb: number): number => {
    if (!(nc > 0 && nb > 0)) return 0;
    switch (regression) {
      case 'errors': {
        const rc = truth.errorRate;
        const r0 = f * rb;
        const vb = (f * f * rb * (1 - rb)) / nb;
        return zPower(rc - r0, Math.sqrt((r0 * (1 - r0)) / nc + vb), Math.sqrt((rc * (1 - rc)) / nc + vb), z);
      }
      case 'p95':
        return zPower(tail1 - 0.05, Math.sqrt((0.05 * 0.95) / nc), Math.sqrt((tail1 * (1 - tail1)) / nc), z);
      case 'conversion': {
        const vb = (g * g * mb * (1 - mb)) / nb;
        const m0 = g * mb;
        return zPower(m0 - mc, Math.sqrt((m0 * (1 - m0)) / nc + vb), Math.sqrt((mc * (1 - mc)) / nc + vb), z);
      }
      case 'diversity':
        return homogeneityPower(items.p, items.q, nc, nb, itemCrit);
      case 'psi':
        return homogeneityPower(features.p, features.q, nc, nb, featureCrit);
    }
  };
}

/** Observations of each arm over seconds [a, b): KPI events for conversion, requests otherwise. */
export function observations(regression: Regression, arm: ArmStream, a: number, b: number): number {
  return regression === 'conversion' ? arm.kpiOver(a, b).n : arm.requests[b]! - arm.requests[a]!;
}
