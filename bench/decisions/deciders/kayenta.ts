import { kayentaClassify } from '../../../src/stats/index.js';
import type { ArmStream } from '../arm-stream.js';
import type { Decider, ReleaseContext } from './decider.js';

type Direction = 'increase' | 'decrease' | 'either';

interface SeriesMetric {
  name: string;
  direction: Direction;
  /** Effect-size bounds (canary/baseline mean ratios) as Kayenta's allowed/critical increase/decrease. */
  allowedIncrease?: number;
  allowedDecrease?: number;
  value: (arm: ArmStream, s: number) => number;
}

/** Conversion per KPI event that arrived in second `s` (late feedback lands in the second it arrives). */
function conversionAt(arm: ArmStream, s: number): number {
  const k = arm.kpiOver(s, s + 1);
  return k.n > 0 ? k.sum / k.n : Number.NaN;
}

const perSecond = (series: 'errors' | 'nulls') => (arm: ArmStream, s: number) => {
  const n = arm.requests[s + 1]! - arm.requests[s]!;
  return n > 0 ? (arm[series][s + 1]! - arm[series][s]!) / n : Number.NaN;
};

function diversityAt(arm: ArmStream, s: number): number {
  const counts = arm.itemCounts(s, s + 1).filter((c) => c > 0);
  const total = counts.reduce((a, b) => a + b, 0);
  if (counts.length < 2) return counts.length === 1 ? 0 : Number.NaN;
  let h = 0;
  for (const c of counts) h -= (c / total) * Math.log(c / total);
  return h / Math.log(counts.length);
}

function upperFeatureShareAt(arm: ArmStream, s: number): number {
  const counts = arm.featureCounts(s, s + 1);
  const total = counts.reduce((a, b) => a + b, 0);
  return total > 0 ? counts.slice(5).reduce((a, b) => a + b, 0) / total : Number.NaN;
}

const CANARY_METRICS: SeriesMetric[] = [
  { name: 'error-rate', direction: 'increase', allowedIncrease: 1.5, value: perSecond('errors') },
  { name: 'p95', direction: 'increase', allowedIncrease: 1.2, value: (a, s) => a.quantileAt(s, 0.95) },
  { name: 'conversion', direction: 'decrease', allowedDecrease: 0.95, value: conversionAt },
  { name: 'diversity', direction: 'decrease', allowedDecrease: 0.8, value: diversityAt },
  { name: 'feature-upper-share', direction: 'either', value: upperFeatureShareAt },
  { name: 'null-rate', direction: 'increase', value: perSecond('nulls') },
];

/**
 * Kayenta style: every interval, each metric's per-second series (canary vs baseline) goes through
 * a Mann-Whitney classification (98 % interval, tolerance 0.25, effect-size bounds); all metrics are
 * critical, so one harmful classification in any interval rolls back. Repeated looks, no correction.
 */
export function kayentaDecider(intervalSec = 60): Decider {
  let ctx: ReleaseContext;
  let metrics: SeriesMetric[];
  return {
    name: `Mann-Whitney per ${intervalSec}s (Kayenta)`,
    start(c) {
      ctx = c;
      metrics = c.scenario.mode === 'canary' ? CANARY_METRICS : CANARY_METRICS.slice(0, 3);
    },
    observe(t) {
      if (t % intervalSec !== 0) return undefined;
      for (const m of metrics) {
        const canary: number[] = [];
        const baseline: number[] = [];
        for (let s = t - intervalSec; s < t; s++) {
          const x = m.value(ctx.candidate, s);
          // Blue/green: the same second of the window before the flip.
          const y = m.value(
            ctx.baseline,
            ctx.baselineSpan ? ctx.baselineOffset + (s % (ctx.baseline.length - ctx.baselineOffset)) : s,
          );
          if (Number.isFinite(x)) canary.push(x);
          if (Number.isFinite(y)) baseline.push(y);
        }
        const r = kayentaClassify({
          canary,
          baseline,
          direction: m.direction,
          allowedIncrease: m.allowedIncrease,
          allowedDecrease: m.allowedDecrease,
        });
        const harmful =
          (r.classification === 'High' && m.direction !== 'decrease') ||
          (r.classification === 'Low' && m.direction !== 'increase');
        if (harmful) return m.name;
      }
      return undefined;
    },
  };
}
