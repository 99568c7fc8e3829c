/**
 * Argo-style metric templates (the `metrics` list of an AnalysisTemplate): each names a provider
 * query, how often and how many times to measure, and the conditions and limits that judge it.
 * `runMeasurements` takes the measurements that are due, through a `measure` function (the
 * Prometheus one is analysis/providers/prometheus/prometheus-measure.ts), and assesses the run by
 * Argo's rules: success / failure / inconclusive, failureLimit, inconclusiveLimit, "no data" →
 * inconclusive. Pure apart from `measure`.
 */
import { z } from 'zod';

import { parseDuration } from '../../core/duration.js';
import { assessRunStatus, type RunStatus } from './assess/assess-run-status.js';
import { assessMetricStatus } from './assess/assess-metric-status.js';
import { emptyResult, recordMeasurement, takeMeasurement, type MetricResult } from './assess/measure.js';
import { compileMetric, type CompiledMetric } from './assess/metric.js';
import { nextMeasurementAt } from './assess/next-measurement-at.js';
import { isCompleted } from './assess/phases.js';

export const MetricTemplateSchema = z
  .object({
    name: z.string().min(1),
    provider: z
      .object({
        prometheus: z
          .object({
            address: z.string().url(),
            query: z.string().min(1),
            /** Environment variable of the control plane holding a bearer token (never the token). */
            bearerTokenEnv: z
              .string()
              .regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable, e.g. PROMETHEUS_TOKEN')
              .optional(),
          })
          .strict(),
      })
      .strict(),
    interval: z.string().optional(),
    /** Wait this long after the run starts before the first measurement, e.g. `30s`. */
    initialDelay: z.string().optional(),
    count: z.number().int().positive().optional(),
    successCondition: z.string().optional(),
    failureCondition: z.string().optional(),
    failureLimit: z.number().int().min(-1).optional(),
    inconclusiveLimit: z.number().int().nonnegative().optional(),
    consecutiveErrorLimit: z.number().int().nonnegative().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();
export type MetricTemplate = z.infer<typeof MetricTemplateSchema>;

export interface CompiledTemplate {
  template: MetricTemplate;
  metric: CompiledMetric;
  initialDelayMs: number;
}

/** Validates every template (conditions compiled); errors name `path[i].field`. */
export function compileTemplates(
  templates: readonly MetricTemplate[],
  path = 'spec.analysis.metrics',
): CompiledTemplate[] {
  return templates.map((template, i) => ({
    template,
    metric: compileMetric(template, `${path}[${i}]`),
    initialDelayMs:
      template.initialDelay === undefined
        ? 0
        : parseDuration(`${path}[${i}].initialDelay`, template.initialDelay),
  }));
}

/** What a provider answered: the value conditions read as `result`, or an error. */
export type MeasureFn = (template: MetricTemplate, at: number) => Promise<unknown>;

export interface RunState {
  /** When the run began (epoch ms): the first measurements are due then. */
  startedAt: number;
  results: MetricResult[];
}

export interface RunOptions {
  /**
   * Measurements kept per metric (the newest); the counters still count every one, as Argo's
   * measurementRetention does. @default all
   */
  keep?: number | undefined;
}

/** Measures every metric that is due at `now`, then assesses the run. */
export async function runMeasurements(
  compiled: readonly CompiledTemplate[],
  state: RunState | undefined,
  now: number,
  measure: MeasureFn,
  options: RunOptions = {},
): Promise<{ state: RunState; status: RunStatus }> {
  const results = compiled.map(
    ({ metric }) => state?.results.find((r) => r.name === metric.name) ?? emptyResult(metric),
  );
  for (const [i, { template, metric, initialDelayMs }] of compiled.entries()) {
    let result = results[i]!;
    if (isCompleted(result.phase)) continue;
    const due = nextMeasurementAt(metric, result, state?.startedAt ?? now, initialDelayMs);
    if (due === undefined || due > now) continue;
    try {
      result = takeMeasurement(metric, result, await measure(template, now), now);
    } catch (error) {
      result = recordMeasurement(result, {
        phase: 'Error',
        message: error instanceof Error ? error.message : String(error),
        startedAt: now,
        finishedAt: now,
      });
    }
    if (options.keep !== undefined && result.measurements.length > options.keep)
      result = { ...result, measurements: result.measurements.slice(-options.keep) };
    results[i] = { ...result, phase: assessMetricStatus(metric, result) };
  }
  const status = assessRunStatus(
    compiled.map((c) => c.metric),
    results,
  );
  return {
    state: {
      startedAt: state?.startedAt ?? now,
      results: results.map((r) => ({ ...r, phase: status.metrics[r.name] ?? r.phase })),
    },
    status,
  };
}
