/**
 * Per-metric classification in the style of Kayenta's NetflixACAJudge (MannWhitneyClassifier):
 * a Mann-Whitney confidence interval for the canary − baseline shift must clear a tolerance band
 * of ±tolerance·|estimate|, and the mean ratio must clear the allowed effect size; a critical
 * metric whose ratio also clears the critical effect size is flagged `critical`.
 * It is a fixed-horizon test: checked on every interval it inflates false alarms (see docs).
 */
import { mannWhitney } from './mann-whitney.js';
import { createRandom } from './random.js';

export type KayentaClassification = 'Pass' | 'High' | 'Low' | 'NodataFailMetric' | 'Nodata' | 'Error';

export interface KayentaInput {
  canary: readonly number[];
  baseline: readonly number[];
  /** Which deviation counts as a failure. */
  direction: 'increase' | 'decrease' | 'either';
  /** Half-width of the no-change band as a fraction of |estimate|. @default 0.25 */
  tolerance?: number;
  /** Effect-size bounds on mean(canary)/mean(baseline), e.g. 1.1 = 10 % up. @default 1 */
  allowedIncrease?: number;
  allowedDecrease?: number;
  criticalIncrease?: number;
  criticalDecrease?: number;
  /** @default 0.98 */
  confLevel?: number;
  /** Kayenta's `mustHaveData`: missing data fails the metric instead of reading Nodata. @default false */
  failOnNoData?: boolean;
  /** Kayenta's `critical`: a High/Low beyond the critical effect size fails the whole canary. @default false */
  critical?: boolean;
}

export interface KayentaResult {
  classification: KayentaClassification;
  /** True when this metric alone should fail the canary. */
  critical: boolean;
  reason: string;
  /** Mann-Whitney location-shift estimate (canary − baseline); NaN without data. */
  estimate: number;
  ci: [number, number];
  /** mean(canary) / mean(baseline) (1 when the baseline mean is 0). */
  ratio: number;
}

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort((p, q) => p - q);
  const sb = [...b].sort((p, q) => p - q);
  return sa.every((v, i) => v === sb[i]);
}

export function kayentaClassify(input: KayentaInput): KayentaResult {
  const {
    direction,
    tolerance = 0.25,
    allowedIncrease = 1,
    allowedDecrease = 1,
    criticalIncrease = 1,
    criticalDecrease = 1,
    confLevel = 0.98,
    failOnNoData = false,
    critical: isCritical = false,
  } = input;
  // Kayenta's default NaN strategy removes missing points before classifying.
  const canary = input.canary.filter((v) => Number.isFinite(v));
  const baseline = input.baseline.filter((v) => Number.isFinite(v));
  const none: [number, number] = [Number.NaN, Number.NaN];

  if (canary.length === 0 || baseline.length === 0) {
    const reason = `missing data for the ${canary.length === 0 ? 'canary' : 'baseline'}`;
    if (failOnNoData && !isCritical) {
      return {
        classification: 'NodataFailMetric',
        critical: false,
        reason,
        estimate: Number.NaN,
        ci: none,
        ratio: 1,
      };
    }
    return {
      classification: 'Nodata',
      critical: isCritical,
      reason,
      estimate: Number.NaN,
      ci: none,
      ratio: 1,
    };
  }
  if (sameMultiset(canary, baseline)) {
    return {
      classification: 'Pass',
      critical: false,
      reason: 'canary and baseline data are identical',
      estimate: 0,
      ci: [0, 0],
      ratio: 1,
    };
  }
  const first = canary[0] as number;
  if (canary.every((v) => v === first) && baseline.every((v) => v === first)) {
    return {
      classification: 'Pass',
      critical: false,
      reason: 'all observations are equal',
      estimate: 0,
      ci: [0, 0],
      ratio: 1,
    };
  }

  // Two constant series tie everything at the shift between them; like Kayenta, jitter them
  // with Gaussian noise of relative size 1e-5 (seeded, so the verdict is reproducible).
  const degenerate = new Set(canary).size === 1 && new Set(baseline).size === 1;
  const random = createRandom('kayenta-degenerate');
  const jitter = (values: number[]): number[] =>
    values.map((v) => v + random.normal(0, Math.abs(values[0] as number) * 1e-5));
  const x = degenerate ? jitter(canary) : canary;
  const y = degenerate ? jitter(baseline) : baseline;

  let estimate: number;
  let ci: [number, number];
  try {
    const mw = mannWhitney(x, y, { confLevel });
    estimate = mw.estimate;
    ci = mw.confInt;
  } catch (error) {
    const reason = `classification failed: ${(error as Error).message}`;
    return {
      classification: 'Error',
      critical: isCritical,
      reason,
      estimate: Number.NaN,
      ci: none,
      ratio: Number.NaN,
    };
  }
  const baselineMean = mean(baseline);
  const ratio = baselineMean === 0 ? 1 : mean(canary) / baselineMean;
  const band = tolerance * Math.abs(estimate);

  const high = direction !== 'decrease' && ci[0] > band && ratio >= allowedIncrease;
  const low = !high && direction !== 'increase' && ci[1] < -band && ratio <= allowedDecrease;
  if (high || low) {
    const label = high ? 'High' : 'Low';
    const isCriticalHit = isCritical && (high ? ratio >= criticalIncrease : ratio <= criticalDecrease);
    const reason =
      `canary classified ${label}${isCriticalHit ? ' (critical)' : ''}: shift ${fmt(estimate)} with ` +
      `${Math.round(confLevel * 100)} % CI [${fmt(ci[0])}, ${fmt(ci[1])}] outside ±${fmt(band)}, mean ratio ${fmt(ratio)}`;
    return { classification: label, critical: isCriticalHit, reason, estimate, ci, ratio };
  }
  const reason =
    `no ${direction === 'either' ? '' : direction + ' '}shift beyond ±${fmt(band)} ` +
    `(CI [${fmt(ci[0])}, ${fmt(ci[1])}], mean ratio ${fmt(ratio)})`;
  return { classification: 'Pass', critical: false, reason, estimate, ci, ratio };
}
