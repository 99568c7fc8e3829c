/**
 * A rollout's metric templates (`spec.analysis.metrics`), run at each step alongside the
 * triggers. One run per traffic split (it starts over when the evidence does), measured through
 * Prometheus on each metric's interval and assessed by Argo's rules. Each metric becomes a
 * reading of the step's decision, named `metric NAME`:
 *
 * - a Failed run rolls back (hard), the reason quoting the measurement that failed;
 * - an Inconclusive run holds the step (the reading never has enough data) and says why, until
 *   an operator promotes it, as Argo pauses the rollout;
 * - Error (more errors in a row than consecutiveErrorLimit: Prometheus unreachable, a query it
 *   refuses) also holds rather than rolls back: a provider that cannot read never acts on a
 *   release (the MetricProvider rule), it makes the step wait with the error shown;
 * - a Successful run (or, for a metric measured without a count, each success) lets it advance.
 *
 * dryRun metrics are measured and shown as `observe` readings that never act or hold.
 */
import type { Decision, TriggerReading } from '../analysis/judge.js';
import {
  compileTemplates,
  runMeasurements,
  type CompiledTemplate,
  type MeasureFn,
  type MetricTemplate,
} from '../analysis/measurements/metric-template.js';
import type { AnalysisPhase, Measurement, MetricResult } from '../analysis/measurements/index.js';
import { substituteArguments } from '../analysis/measurements/template-args.js';
import { prometheusMeasure } from '../analysis/providers/prometheus/prometheus-measure.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { RolloutSpec } from './rollout-spec.js';

/** Measurements kept per metric in the rollout's status (the counters count them all). */
export const KEEP_MEASUREMENTS = 10;

/** The current run of the metric templates, stored with the rollout. */
export interface MeasurementRun {
  /** The evidence span it judges (the traffic split's start). */
  since: number;
  startedAt: number;
  phase: AnalysisPhase;
  message: string;
  /** Each metric's counters and its newest measurements. */
  results: MetricResult[];
}

export interface MeasureRequest {
  stage: string;
  candidate: string;
  baseline: string;
  since: number;
}

/** The name a metric's reading carries (and that a step waits on). */
export const metricReadingName = (name: string): string => `metric ${name}`;

/** The readings a step waits on before it advances: every metric that is not a dry run. */
export function gatingMetrics(spec: RolloutSpec): string[] {
  return (spec.analysis.metrics ?? []).filter((m) => m.dryRun !== true).map((m) => metricReadingName(m.name));
}

const compiledBySpec = new WeakMap<object, CompiledTemplate[]>();

function compiled(templates: MetricTemplate[]): CompiledTemplate[] {
  let out = compiledBySpec.get(templates);
  if (!out) compiledBySpec.set(templates, (out = compileTemplates(templates)));
  return out;
}

/**
 * Takes the measurements due at this tick and stores the run on the status; returns one reading
 * per metric. The guard (after full promotion) is judged by its triggers alone.
 */
export async function measureStep(
  ctx: ReconcileContext,
  request: MeasureRequest,
  measure: MeasureFn = prometheusMeasure(),
): Promise<{ readings: TriggerReading[]; measured: boolean }> {
  const { spec, status, now } = ctx;
  const templates = spec.analysis.metrics ?? [];
  if (templates.length === 0 || request.stage === 'guard') return { readings: [], measured: false };
  const previous = status.measurements?.since === request.since ? status.measurements : undefined;
  let run = previous;
  const taken = countMeasurements(previous);
  if (!run || !FINISHED.has(run.phase)) {
    const args: Record<string, string> = {
      ...Object.fromEntries((spec.analysis.args ?? []).map((a) => [a.name, a.value])),
      model: spec.model,
      rollout: ctx.name,
      candidate: request.candidate,
      baseline: request.baseline,
    };
    const withArgs: MeasureFn = (template, at) =>
      measure(
        {
          ...template,
          provider: {
            prometheus: {
              ...template.provider.prometheus,
              query: substituteArguments(template.provider.prometheus.query, args),
            },
          },
        },
        at,
      );
    const { state, status: runStatus } = await runMeasurements(compiled(templates), run, now, withArgs, {
      keep: KEEP_MEASUREMENTS,
    });
    run = {
      since: request.since,
      startedAt: state.startedAt,
      phase: runStatus.phase,
      message: runStatus.message,
      results: state.results,
    };
  }
  const measured = countMeasurements(run) !== taken || run.phase !== previous?.phase;
  if (measured || !previous) {
    status.measurements = run;
    ctx.dirty = true;
  }
  const readings = templates.map((template) => {
    const result = run.results.find((r) => r.name === template.name);
    return readingOf(template, result, run);
  });
  return { readings, measured };
}

const FINISHED = new Set<AnalysisPhase>(['Successful', 'Failed', 'Error', 'Inconclusive']);

function countMeasurements(run: MeasurementRun | undefined): number {
  return (run?.results ?? []).reduce((n, r) => n + r.count + r.error, 0);
}

/** One metric as a reading: what it measured last, its counters, and what that means for the step. */
export function readingOf(
  template: MetricTemplate,
  result: MetricResult | undefined,
  run: MeasurementRun,
): TriggerReading {
  const last = result?.measurements.at(-1);
  const value = firstNumber(last?.value);
  const base = {
    trigger: metricReadingName(template.name),
    severity: template.dryRun === true ? ('observe' as const) : ('hard' as const),
    consecutiveBreaches: result?.failed ?? 0,
    ...(value === undefined ? {} : { observed: value }),
  };
  if (!result || !last)
    return {
      ...base,
      status: 'insufficient-data',
      message: `${template.name}: no measurement yet${template.initialDelay ? ` (initialDelay ${template.initialDelay})` : ''}`,
    };
  const counts = `${result.count} measured: ${result.successful} successful, ${result.failed} failed, ${result.inconclusive} inconclusive, ${result.error} errors`;
  const said = `${template.name} = ${describeValue(last)}`;
  switch (result.phase) {
    case 'Failed':
      return {
        ...base,
        status: 'breach',
        message: `${said}: ${conditionText(template)}; ${limitText(run, template.name) ?? counts}`,
      };
    case 'Inconclusive':
      return {
        ...base,
        status: 'insufficient-data',
        message: `${said}: inconclusive (${conditionText(template)}); ${limitText(run, template.name) ?? counts}`,
      };
    case 'Error':
      return {
        ...base,
        status: 'insufficient-data',
        message: `${template.name} cannot be measured: ${last.message ?? 'error'}; ${limitText(run, template.name) ?? counts}`,
      };
    case 'Successful':
      return { ...base, status: 'ok', message: `${said}: passed (${counts})` };
    default: {
      // Still measuring: a metric with a count holds the step until the count is reached; one
      // measured for as long as the step lasts counts as judged once a measurement succeeds.
      const unbounded = template.count === undefined && template.interval !== undefined;
      if (last.phase === 'Failed')
        return {
          ...base,
          // A run with a count holds its step until it completes, failures within the limit included.
          status: unbounded ? 'pending-breach' : 'insufficient-data',
          message: `${said}: failed, within failureLimit (${counts})`,
        };
      if (unbounded && last.phase === 'Successful')
        return { ...base, status: 'ok', message: `${said}: ok (${counts})` };
      return {
        ...base,
        status: 'insufficient-data',
        message:
          last.phase === 'Error'
            ? `${template.name} cannot be measured: ${last.message ?? 'error'} (${counts})`
            : `${said}: measuring (${counts}${template.count === undefined ? '' : ` of ${template.count}`})`,
      };
    }
  }
}

/** The run in one line for `rollout status`: its phase, then each metric's counters. */
export function describeRun(run: MeasurementRun): string {
  const metrics = run.results.map(
    (r) => `${r.name} ${r.phase} (${r.successful}✓ ${r.failed}✗ ${r.inconclusive}? ${r.error}!)`,
  );
  return `${run.phase}${run.message ? ` — ${run.message}` : ''}: ${metrics.join(', ')}`;
}

/** Folds the metric readings into the triggers' decision: a failed metric run rolls back. */
export function withMeasurements(decision: Decision, readings: TriggerReading[]): Decision {
  if (readings.length === 0) return decision;
  const merged: Decision = { ...decision, readings: [...decision.readings, ...readings] };
  const failed = readings.find((r) => r.severity === 'hard' && r.status === 'breach');
  if (failed && decision.verdict !== 'ROLLBACK_IMMEDIATELY') {
    merged.verdict = 'ROLLBACK_IMMEDIATELY';
    merged.trigger = failed.trigger;
    merged.reason = `${failed.trigger} failed: ${failed.message}`;
  }
  return merged;
}

function conditionText(template: MetricTemplate): string {
  const parts = [
    template.successCondition ? `successCondition ${template.successCondition}` : '',
    template.failureCondition ? `failureCondition ${template.failureCondition}` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'no condition';
}

/** The run's message when it names this metric (Argo's "assessed Failed due to failed (2) > failureLimit (1)"). */
function limitText(run: MeasurementRun, name: string): string | undefined {
  const match = /due to (.*)$/.exec(run.message);
  return run.message.includes(`"${name}"`) && match ? match[1] : undefined;
}

function describeValue(m: Measurement): string {
  if (m.value === undefined) return m.phase === 'Error' ? `error (${m.message ?? ''})` : 'no value';
  const text = JSON.stringify(m.value);
  if (Array.isArray(m.value) && m.value.length === 0) return '[] (no data)';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function firstNumber(value: unknown): number | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'number' && Number.isFinite(first) ? first : undefined;
}
