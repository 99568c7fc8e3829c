import {
  assessRunStatus,
  compileMetric,
  emptyResult,
  takeMeasurement,
  type CompiledMetric,
  type MetricResult,
} from '../../argo-analysis/index.js';
import { normalizedEntropy } from '../../../src/telemetry/diversity.js';
import type { ArmStream } from '../arm-stream.js';
import { psiOf } from '../distributions.js';
import type { Decider, ReleaseContext } from './decider.js';
import { MODEL } from './decider.js';

/**
 * Argo/Flagger style: every interval, each metric over the last interval is checked against a
 * fixed threshold (Argo successCondition); the analysis fails after more than failureLimit failed
 * measurements. Conditions and limits run through ripcord's own Argo semantics (bench/argo-analysis).
 */
export const FIXED_METRICS = Object.freeze({
  canary: [
    { name: 'error-rate', successCondition: 'result.canary <= 0.01' },
    { name: 'p95', successCondition: 'result.canary <= result.baseline * 1.2' },
    { name: 'conversion', successCondition: 'result.canary >= result.baseline * 0.95' },
    { name: 'diversity', successCondition: 'result.canary >= result.baseline * 0.8' },
    { name: 'psi', successCondition: 'result <= 0.2' },
    { name: 'null-rate', successCondition: 'result.canary <= 0.02' },
  ],
  'blue-green': [
    { name: 'error-rate', successCondition: 'result.canary <= 0.01' },
    { name: 'p95', successCondition: 'result.canary <= result.baseline * 1.2' },
    { name: 'conversion', successCondition: 'result.canary >= result.baseline * 0.98' },
  ],
});

const FLOOR = 1e-4;

function values(arm: ArmStream, a: number, b: number) {
  const w = arm.window(MODEL, 0, 0, a, b);
  const n = Math.max(1, w.requests);
  const features = w.inputQuality.feature!.histogram!.counts;
  return {
    errorRate: w.outcomes.serverError / n,
    p95: w.latency.count > 0 ? w.latency.getValueAtQuantile(0.95) : Number.NaN,
    conversion: w.kpis.conversion!.n > 0 ? w.kpis.conversion!.sum / w.kpis.conversion!.n : Number.NaN,
    diversity: normalizedEntropy(w.predictions),
    features,
    nullRate: w.inputQuality.feature!.nulls / n,
  };
}

function psiOfCounts(base: number[], cand: number[]): number {
  const tb = base.reduce((x, y) => x + y, 0) || 1;
  const tc = cand.reduce((x, y) => x + y, 0) || 1;
  return psiOf(
    base.map((x) => Math.max(FLOOR, x / tb)),
    cand.map((x) => Math.max(FLOOR, x / tc)),
  );
}

export function fixedThresholdDecider(intervalSec = 60, failureLimit = 2): Decider {
  let ctx: ReleaseContext;
  let metrics: CompiledMetric[];
  let results: MetricResult[];
  return {
    name: `fixed thresholds (${intervalSec}s, failureLimit ${failureLimit})`,
    start(c) {
      ctx = c;
      metrics = FIXED_METRICS[c.scenario.mode].map((m) =>
        compileMetric({ ...m, interval: `${intervalSec}s`, failureLimit }),
      );
      results = metrics.map((m) => emptyResult(m));
    },
    observe(t) {
      if (t % intervalSec !== 0) return undefined;
      const cand = values(ctx.candidate, t - intervalSec, t);
      // Blue/green: the baseline is the whole window before the flip; canary: the same interval.
      const base = ctx.baselineSpan
        ? values(ctx.baseline, ctx.baselineOffset, ctx.baseline.length)
        : values(ctx.baseline, t - intervalSec, t);
      const measured: Record<string, unknown> = {
        'error-rate': { canary: cand.errorRate, baseline: base.errorRate },
        p95: { canary: cand.p95, baseline: base.p95 },
        conversion: { canary: cand.conversion, baseline: base.conversion },
        diversity: { canary: cand.diversity, baseline: base.diversity },
        psi: psiOfCounts(base.features, cand.features),
        'null-rate': { canary: cand.nullRate, baseline: base.nullRate },
      };
      results = results.map((r, i) => takeMeasurement(metrics[i]!, r, measured[metrics[i]!.name]));
      const status = assessRunStatus(metrics, results);
      results = results.map((r) => ({ ...r, phase: status.metrics[r.name] ?? r.phase }));
      if (status.phase !== 'Failed' && status.phase !== 'Error') return undefined;
      return Object.entries(status.metrics)
        .filter(([, phase]) => phase === 'Failed' || phase === 'Error')
        .map(([name]) => name)
        .join(' + ');
    },
  };
}
