import type { ArmStream } from './arm-stream.js';
import { normalCdf } from './random.js';
import type { Regression, Scenario } from './scenarios.js';

/** Upper-tail standard normal quantile z with P(Z > z) = p (bisection on the CDF). */
export function zUpper(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (1 - normalCdf(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Chi-square survival function, Wilson–Hilferty approximation (plenty for a power column). */
function chiSquareSf(x: number, df: number): number {
  if (df <= 0) return 1;
  const k = 2 / (9 * df);
  const z = (Math.cbrt(x / df) - (1 - k)) / Math.sqrt(k);
  return 1 - normalCdf(z);
}

function homogeneityP(a: number[], b: number[]): number {
  const ta = a.reduce((x, y) => x + y, 0);
  const tb = b.reduce((x, y) => x + y, 0);
  let stat = 0;
  let df = -1;
  for (let i = 0; i < a.length; i++) {
    const col = a[i]! + b[i]!;
    if (col === 0) continue;
    df++;
    const ea = (col * ta) / (ta + tb);
    const eb = (col * tb) / (ta + tb);
    stat += (a[i]! - ea) ** 2 / ea + (b[i]! - eb) ** 2 / eb;
  }
  return chiSquareSf(stat, df);
}

/** Seconds [0, len) of an arm: totals and the latency count above a threshold. */
function totals(arm: ArmStream) {
  const b = arm.length;
  return {
    n: arm.requests[b]!,
    errors: arm.errors[b]!,
    conversions: arm.conversions[b]!,
  };
}

/**
 * One fixed-horizon test per regression at the final sample size, at the same level as each of
 * ripcord's sequential tests: the power no monitoring scheme can beat. On A/A every test runs and
 * any rejection counts (the family-wise false-positive rate).
 */
export function fixedHorizonRejects(
  scenario: Scenario,
  candidate: ArmStream,
  baseline: ArmStream,
  alpha: number,
  conversionMargin: number,
  p95Limit: number,
  errorLimit: number,
  latencyValues: Float64Array,
): boolean {
  const z = zUpper(alpha);
  const c = totals(candidate);
  const b = totals(baseline);
  const tests: Record<Exclude<Regression, 'none'>, () => boolean> = {
    errors: () => {
      const rc = c.errors / c.n;
      const rb = b.errors / b.n;
      const f = 1 + errorLimit;
      const se = Math.sqrt(
        (Math.max(rc, 1 / c.n) * (1 - rc)) / c.n + (f * f * Math.max(rb, 1 / b.n) * (1 - rb)) / b.n,
      );
      return (rc - f * rb) / se > z;
    },
    p95: () => {
      // Exceedance test: share of candidate requests above (1 + limit) × baseline p95, against 5 %.
      const L = latencyValues.length;
      const row = (arm: ArmStream, j: number) => arm.latency[arm.length * L + j]!;
      let acc = 0;
      let q = latencyValues[L - 1]!;
      for (let j = 0; j < L; j++) {
        acc += row(baseline, j);
        if (acc > 0.95 * (b.n - 1)) {
          q = latencyValues[j]!;
          break;
        }
      }
      const threshold = (1 + p95Limit) * q;
      let above = 0;
      for (let j = 0; j < L; j++) if (latencyValues[j]! > threshold) above += row(candidate, j);
      return (above / c.n - 0.05) / Math.sqrt((0.05 * 0.95) / c.n) > z;
    },
    conversion: () => {
      const mc = c.conversions / c.n;
      const mb = b.conversions / b.n;
      const f = 1 - conversionMargin;
      const se = Math.sqrt((mc * (1 - mc)) / c.n + (f * f * mb * (1 - mb)) / b.n);
      return (f * mb - mc) / se > z;
    },
    diversity: () =>
      homogeneityP(candidate.itemCounts(0, candidate.length), baseline.itemCounts(0, baseline.length)) <
      alpha,
    psi: () =>
      homogeneityP(candidate.featureCounts(0, candidate.length), baseline.featureCounts(0, baseline.length)) <
      alpha,
  };
  if (scenario.regression !== 'none') return tests[scenario.regression]();
  const family: Exclude<Regression, 'none'>[] =
    scenario.mode === 'canary'
      ? ['errors', 'p95', 'conversion', 'diversity', 'psi']
      : ['errors', 'p95', 'conversion'];
  return family.some((k) => tests[k]());
}
