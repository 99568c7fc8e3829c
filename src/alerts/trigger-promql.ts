/**
 * One trigger as a PromQL condition over ripcord's exposition (docs/telemetry.md), with the same
 * threshold and window the judge uses (docs/triggers.md): the condition is read over the trailing
 * `over` window, else the last minute when the trigger has a `for` (Prometheus' own `for:` then
 * says "held on every look"), else over `lookback` (the judge reads the whole step, which PromQL
 * cannot know). Statistical tests cannot be written in PromQL: a rule fires on the effect size
 * once the judge's minimum data is there (see docs/prometheus.md).
 */
import { MINIMUMS } from '../analysis/judges/minimums.js';
import type { Comparison, Trigger } from '../analysis/triggers/index.js';

export interface TriggerSelectors {
  model: string;
  candidate: string;
  /** The release compared against; undefined = every other release of the model. */
  baseline?: string | undefined;
}

export interface TriggerExpression {
  expr: string;
  /** Why this rule only approximates the trigger, when it does. */
  approximation?: string | undefined;
}

const ERROR_OUTCOMES = 'serverError|timeout|connectionError|invalidResponse';

/** `5m`, `90s`, `1h` for a span in ms. */
export function promDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.max(1, Math.round(ms / 1000))}s`;
}

/** The range a trigger's condition is read over, in ms. */
export function conditionRangeMs(trigger: Trigger, lookbackMs: number): number {
  if (trigger.overMs !== undefined) return trigger.overMs;
  if (trigger.forMs !== undefined) return Math.min(60_000, trigger.forMs);
  return lookbackMs;
}

/** How one metric reads as PromQL for a set of series, and the judge's minimum data as a guard. */
interface MetricQuery {
  value(selector: string): string;
  /** "enough data in the window" for a side; absent when the series carries no count. */
  enough?(selector: string): string;
  /** Thresholds in ms, series in seconds. */
  seconds?: boolean;
  note?: string | undefined;
}

/** PromQL or undefined when the trigger's metric has no series to read (psi, js, ks). */
export function triggerExpression(
  trigger: Trigger,
  selectors: TriggerSelectors,
  lookbackMs: number,
): TriggerExpression | undefined {
  const query = metricQuery(trigger, promDuration(conditionRangeMs(trigger, lookbackMs)));
  if (query === undefined) return undefined;
  const candidate = labels(selectors.model, selectors.candidate, false);
  const baseline = labels(
    selectors.model,
    selectors.baseline ?? selectors.candidate,
    selectors.baseline === undefined,
  );
  const guard = (selector: string) => (query.enough ? [query.enough(selector)] : []);
  return build(
    trigger.comparison,
    query.value(candidate),
    query.value(baseline),
    guard(candidate),
    guard(baseline),
    query,
  );
}

function metricQuery(trigger: Trigger, range: string): MetricQuery | undefined {
  const m = trigger.metric;
  const testNote = (minimum: string): string | undefined =>
    trigger.significance
      ? `the judge also needs its always-valid test to reject (alpha split across the triggers); PromQL has no sequential test, so the rule fires on the effect size alone once ${minimum} are in the window`
      : undefined;
  const rate = (name: string, sel: string, extra = '') => `sum(rate(${name}{${sel}${extra}}[${range}]))`;
  const atLeast =
    (counter: string, minimum: number, extra = '') =>
    (sel: string) =>
      `sum(increase(${counter}{${sel}${extra}}[${range}])) >= ${minimum}`;
  const inputRows = atLeast('ripcord_input_rows_total', MINIMUMS.inputRows);
  switch (m.kind) {
    case 'error-rate':
      return {
        value: (sel) =>
          `(${rate('ripcord_requests_total', sel, `,outcome=~"${ERROR_OUTCOMES}"`)} / ${rate('ripcord_requests_total', sel)})`,
        enough: atLeast('ripcord_requests_total', MINIMUMS.requests),
        note: testNote(`${MINIMUMS.requests} requests a side`),
      };
    case 'latency': {
      const need = Math.max(MINIMUMS.latencySamples, Math.ceil(MINIMUMS.tailSamples / (1 - m.quantile)));
      return {
        value: (sel) =>
          `histogram_quantile(${m.quantile}, sum by (le) (rate(ripcord_request_duration_seconds_bucket{${sel}}[${range}])))`,
        enough: atLeast('ripcord_request_duration_seconds_count', need),
        seconds: true,
        note:
          'the quantile is interpolated inside classic histogram buckets (1-2-5 bounds), not read from the sketch (1 %)' +
          (trigger.significance ? `; ${testNote(`${need} requests a side`)}` : ''),
      };
    }
    case 'kpi': {
      const kpi = `,kpi=${JSON.stringify(m.name)}`;
      return {
        value: (sel) => `(${rate('ripcord_kpi_sum', sel, kpi)} / ${rate('ripcord_kpi_count', sel, kpi)})`,
        enough: atLeast('ripcord_kpi_count', MINIMUMS.kpiEvents, kpi),
        note: testNote(`${MINIMUMS.kpiEvents} events a side`),
      };
    }
    case 'diversity':
      // The gauge is the normalized entropy over the gateway's last 5 minutes.
      return {
        value: (sel) =>
          trigger.overMs !== undefined
            ? `avg(avg_over_time(ripcord_prediction_entropy{${sel}}[${range}]))`
            : `avg(ripcord_prediction_entropy{${sel}})`,
        note: 'the judge compares entropies at equal sample sizes (rarefied) or against the offline value; the gauge is each gateway’s entropy over its last 5 minutes, averaged across gateways',
      };
    case 'null-rate': {
      const field = m.field === undefined ? '' : `,field=${JSON.stringify(m.field)}`;
      const bad = (sel: string) =>
        `(${rate('ripcord_input_field_nulls_total', sel, field)} + ${rate('ripcord_input_field_missing_total', sel, field)})`;
      // Per field: of its rows; over all fields: of rows × fields checked.
      const checked = (sel: string) =>
        m.field === undefined
          ? `(${rate('ripcord_input_rows_total', sel)} * scalar(count(count by (field) (ripcord_input_field_nulls_total{${sel}}))))`
          : rate('ripcord_input_rows_total', sel);
      return {
        value: (sel) => `(${bad(sel)} / ${checked(sel)})`,
        enough: inputRows,
        note: testNote(`${MINIMUMS.inputRows} input rows a side`),
      };
    }
    case 'schema-mismatch':
      return {
        value: (sel) =>
          m.field === undefined
            ? `(${rate('ripcord_input_schema_mismatch_rows_total', sel)} / ${rate('ripcord_input_rows_total', sel)})`
            : `(${rate('ripcord_input_field_schema_mismatches_total', sel, `,field=${JSON.stringify(m.field)}`)} / ${rate('ripcord_input_rows_total', sel)})`,
        enough: inputRows,
        note: testNote(`${MINIMUMS.inputRows} input rows a side`),
      };
    case 'psi':
    case 'js':
    case 'ks':
      return undefined;
  }
}

function labels(model: string, release: string, other: boolean): string {
  return `model=${JSON.stringify(model)},release${other ? '!=' : '='}${JSON.stringify(release)}`;
}

function build(
  comparison: Comparison,
  candidate: string,
  baseline: string,
  candidateGuards: string[],
  baselineGuards: string[],
  options: Pick<MetricQuery, 'seconds' | 'note'>,
): TriggerExpression {
  let condition: string;
  let guards = candidateGuards;
  if (comparison.mode === 'absolute') {
    const value = options.seconds ? comparison.value / 1000 : comparison.value;
    condition = `${candidate} ${comparison.op} ${value}`;
  } else {
    const op = comparison.inclusive ? '>=' : '>';
    const factor = comparison.direction === 'up' ? 1 + comparison.limit : 1 - comparison.limit;
    // "down > 20%": candidate < 0.8 × baseline; "up > 30%": candidate > 1.3 × baseline.
    condition =
      comparison.direction === 'up'
        ? `${candidate} ${op} ${round(factor)} * ${baseline}`
        : `${candidate} ${op === '>' ? '<' : '<='} ${round(factor)} * ${baseline}`;
    guards = [...candidateGuards, ...baselineGuards];
  }
  const expr = [condition, ...guards].map((part) => `(${part})`).join('\nand on() ');
  return { expr, approximation: options.note };
}

const round = (x: number) => Number(x.toPrecision(12));
