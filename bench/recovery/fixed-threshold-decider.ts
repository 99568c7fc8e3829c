/**
 * Argo/Flagger-style judgement over the same gateway telemetry ripcord's controller reads: every
 * interval, each metric over the last interval is checked against a fixed threshold (an Argo
 * successCondition), and the analysis fails once more than `failureLimit` measurements failed.
 * Conditions, counters and limits run through ripcord's own Argo semantics (bench/argo-analysis).
 */
import {
  assessRunStatus,
  compileMetric,
  emptyResult,
  takeMeasurement,
  type CompiledMetric,
  type MetricResult,
} from '../argo-analysis/index.js';
import { normalizedEntropy } from '../../src/stats/diversity.js';
import { serverSideFailures } from '../../src/telemetry/types.js';
import type { TelemetryReader } from '../../src/telemetry/types.js';

/** The thresholds a team would write in an AnalysisTemplate for the same three signals. */
export const FIXED_METRICS = [
  { name: 'error-rate', successCondition: 'result.candidate <= 0.01' },
  { name: 'p95', successCondition: 'result.candidate <= result.baseline * 1.2' },
  { name: 'diversity', successCondition: 'result.candidate >= result.baseline * 0.8' },
] as const;

export interface FixedThresholdOptions {
  reader: TelemetryReader;
  model: string;
  candidate: string;
  baseline: string;
  intervalMs: number;
  /** @default 2 (the analysis fails on the third failed measurement) */
  failureLimit?: number;
  /**
   * After promotion the baseline no longer serves: compare with this span before it. Read once,
   * when the decider is made, so the span must have ended by then.
   */
  baselineSpan?: { from: number; to: number } | undefined;
  /** Measurements start no earlier than this (the analysis start). */
  since: number;
  /** Which of FIXED_METRICS to judge. @default all */
  metrics?: readonly string[] | undefined;
}

export interface FixedThresholdDecider {
  /** Takes the measurement due at `at` (epoch ms); returns the failing metrics once the run has failed. */
  measure(at: number): string[] | undefined;
  /** When a measurement first failed, if one did. */
  readonly firstFailedAt: number | undefined;
}

export function fixedThresholdDecider(options: FixedThresholdOptions): FixedThresholdDecider {
  const { reader, model, intervalMs } = options;
  const chosen = FIXED_METRICS.filter((m) => !options.metrics || options.metrics.includes(m.name));
  const metrics: CompiledMetric[] = chosen.map((m) =>
    compileMetric({ ...m, interval: `${intervalMs / 1000}s`, failureLimit: options.failureLimit ?? 2 }),
  );
  let results: MetricResult[] = metrics.map((m) => emptyResult(m));
  let firstFailedAt: number | undefined;

  const values = (release: string, from: number, to: number) => {
    const w = reader.window({ model, release, from, to });
    // No data is nil, so the measurement reads Inconclusive (as a provider's empty result does), never Failed.
    if (w.requests === 0) return undefined;
    return {
      errorRate: serverSideFailures(w.outcomes) / w.requests,
      p95: w.latency.count > 0 ? w.latency.getValueAtQuantile(0.95) : undefined,
      diversity: w.predictionResponses > 0 ? normalizedEntropy(w.predictions) : undefined,
    };
  };

  // A past span's values never change, but the telemetry seals seconds older than a minute into
  // whole minutes counted only when their start is in the span: a span inside one minute then reads
  // empty, i.e. no data, Inconclusive, which with inconclusiveLimit 0 outranks Failed for good.
  // Argo's query of a fixed past range returns the same values every time; reading the span once,
  // while it is still per second, does the same.
  const fixedBaseline = options.baselineSpan
    ? values(options.baseline, options.baselineSpan.from, options.baselineSpan.to)
    : undefined;

  return {
    get firstFailedAt() {
      return firstFailedAt;
    },
    measure(at) {
      const from = Math.max(options.since, at - intervalMs);
      const cand = values(options.candidate, from, at);
      const base = options.baselineSpan ? fixedBaseline : values(options.baseline, from, at);
      const pair = (key: 'errorRate' | 'p95' | 'diversity') => {
        const c = cand?.[key];
        const b = base?.[key];
        return c === undefined || b === undefined ? undefined : { candidate: c, baseline: b };
      };
      const measured: Record<string, unknown> = {
        'error-rate': pair('errorRate'),
        p95: pair('p95'),
        diversity: pair('diversity'),
      };
      results = results.map((r, i) => takeMeasurement(metrics[i]!, r, measured[metrics[i]!.name], at));
      if (firstFailedAt === undefined && results.some((r) => r.failed > 0)) firstFailedAt = at;
      const status = assessRunStatus(metrics, results);
      results = results.map((r) => ({ ...r, phase: status.metrics[r.name] ?? r.phase }));
      if (status.phase !== 'Failed' && status.phase !== 'Error') return undefined;
      return Object.entries(status.metrics)
        .filter(([, phase]) => phase === 'Failed' || phase === 'Error')
        .map(([name]) => name);
    },
  };
}
