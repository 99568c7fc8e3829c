/**
 * Readings are checked before they are judged: a count that is not a finite number ≥ 0, more
 * errors than requests, or a latency sketch that is empty while the window says requests were
 * made is a telemetry fault, not a release's behaviour. The judge then reports "insufficient
 * data" with the fault in words (a telemetry error), never a pass and never a rollback.
 * Only the parts of the window the trigger reads are checked, so a broken KPI feed does not
 * silence the error-rate trigger beside it. The data triggers' evaluators check their own counts.
 */
import { serverSideFailures, type ReleaseWindow } from '../../telemetry/types.js';
import type { TriggerMetric } from '../triggers/types.js';

type Check = (w: ReleaseWindow, metric: TriggerMetric) => string | undefined;

const count = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

const OUTCOMES = [
  'ok',
  'clientError',
  'serverError',
  'timeout',
  'connectionError',
  'invalidResponse',
] as const;

const requestsAndOutcomes: Check = (w) => {
  const o = w.outcomes;
  if (!count(w.requests)) return `requests is ${String(w.requests)} (expected a finite count >= 0)`;
  if (!o) return 'outcomes are missing';
  for (const k of OUTCOMES)
    if (!count(o[k])) return `outcomes.${k} is ${String(o[k])} (expected a finite count >= 0)`;
  const errors = serverSideFailures(o);
  if (errors > w.requests) return `${errors} errors exceed ${w.requests} requests`;
  return undefined;
};

const latency: Check = (w, metric) => {
  const bad = requestsAndOutcomes(w, metric);
  if (bad) return bad;
  const n = w.latency?.count;
  if (!count(n)) return `latency sketch count is ${String(n)} (expected a finite count >= 0)`;
  if (w.requests > 0 && n === 0) return `latency sketch is empty though ${w.requests} requests were counted`;
  // A relative slack for sums of fractional counts (expected telemetry, merged roll-ups).
  if (n > w.requests * (1 + 1e-9)) return `latency sketch holds ${n} values for ${w.requests} requests`;
  return undefined;
};

const kpi: Check = (w, metric) => {
  if (metric.kind !== 'kpi') return undefined;
  const m = w.kpis?.[metric.name];
  if (m === undefined) return undefined;
  if (!count(m.n)) return `kpi ${metric.name} count is ${String(m.n)} (expected a finite count >= 0)`;
  if (!finite(m.sum) || !count(m.sumSq))
    return `kpi ${metric.name} sums are ${String(m.sum)} and ${String(m.sumSq)} (expected finite numbers)`;
  return undefined;
};

/** Left to the evaluator, which checks every count it reads itself (reading-error.ts). */
const byEvaluator: Check = () => undefined;

/** The checks for each metric kind. */
const CHECKS: Record<TriggerMetric['kind'], Check> = {
  latency,
  'error-rate': requestsAndOutcomes,
  kpi,
  diversity: byEvaluator,
  'null-rate': byEvaluator,
  'schema-mismatch': byEvaluator,
  psi: byEvaluator,
  js: byEvaluator,
  ks: byEvaluator,
};

/** What is wrong with a window for this trigger's metric, in words, or undefined when it is sound. */
export function windowProblem(w: ReleaseWindow, metric: TriggerMetric): string | undefined {
  return CHECKS[metric.kind](w, metric);
}
