/**
 * Detection planning: for each step of a rollout and each trigger, how long the real judges take
 * to see a stated regression at the traffic the model gets, and whether the step is long and
 * large enough to see it. The regression is present from the step's start; the judges read the
 * expected telemetry (expected-telemetry.ts) at every look, so the time is that of the median
 * release: half of real releases are seen sooner, half later.
 */
import { createJudge } from '../../analysis/create-judge.js';
import { formatDuration } from '../../core/duration.js';
import { MINIMUMS } from '../../analysis/judges/index.js';
import type { Trigger } from '../../analysis/triggers/index.js';
import { parseTrigger } from '../../analysis/triggers/index.js';
import type { RolloutSpec } from '../rollout-spec.js';
import { ms } from '../rollout-spec.js';
import { expectedTelemetry } from './expected-telemetry.js';
import type { ArmProfile } from './expected-telemetry.js';

/** The regressions a plan asks about. */
export interface Regressions {
  /** Latency of every request × (1 + latencyUp): 0.4 is "p95 +40 %". */
  latencyUp: number;
  /** Baseline error rate, and the candidate's as a multiple of it. */
  errorFrom: number;
  errorFactor: number;
  /** Every KPI's mean × (1 − kpiDown). */
  kpiDown: number;
}

export const DEFAULT_REGRESSIONS: Regressions = Object.freeze({
  latencyUp: 0.4,
  errorFrom: 0.003,
  errorFactor: 5,
  kpiDown: 0.03,
});

/** The model's traffic as it is (from its recent telemetry, or stated). */
export interface ModelTraffic {
  requestsPerSecond: number;
  latencyMedianMs: number;
  latencySigma: number;
  /** Per KPI: events per request and mean; a KPI not listed takes `defaultKpi`. */
  kpis: Record<string, { perRequest: number; mean: number }>;
  defaultKpi: { perRequest: number; mean: number };
}

export interface PlanStep {
  /** e.g. "step 3: canary 25 %", "post-promotion (blue/green)". */
  label: string;
  /** Candidate's share of traffic, 0..1. */
  share: number;
  /** How long the step judges before it may move on; undefined: until promoted. */
  durationMs: number | undefined;
  /** The baseline is read from its window before the step (after a blue/green flip). */
  baselineBefore: boolean;
}

export interface PlanRow {
  step: string;
  share: number;
  candidateRequestsPerSecond: number;
  trigger: string;
  regression: string;
  /** Median time to a breach, from the step's start; undefined: not within the horizon. */
  detectMs: number | undefined;
  stepMs: number | undefined;
  /** Why it is not detected, or how the trigger decides. */
  note: string;
  /** Set when the step is too short or too small to see the regression. */
  warning?: string | undefined;
}

export interface PlanOptions {
  /** Interval between looks. @default 5000 */
  lookMs?: number | undefined;
  /** Longest a detection is searched for beyond a step. @default 1h */
  horizonMs?: number | undefined;
}

/** The steps of a rollout that judge user traffic, each with its share and length. */
export function planSteps(spec: RolloutSpec): PlanStep[] {
  if (spec.blueGreen)
    return [
      {
        label: 'post-promotion (blue/green)',
        share: 1,
        durationMs: ms(spec.blueGreen.postPromotionAnalysis.duration),
        baselineBefore: true,
      },
    ];
  const steps: PlanStep[] = [];
  let current: PlanStep | undefined;
  (spec.canary?.steps ?? []).forEach((step, i) => {
    if ('setWeight' in step) {
      current =
        step.setWeight > 0 && step.setWeight < 100
          ? {
              label: `step ${i + 1}: canary ${step.setWeight} %`,
              share: step.setWeight / 100,
              durationMs: 0,
              baselineBefore: false,
            }
          : undefined;
      if (current) steps.push(current);
      return;
    }
    if (!current || current.durationMs === undefined) return;
    if ('pause' in step)
      current.durationMs = step.pause.duration ? current.durationMs + ms(step.pause.duration) : undefined;
    else if ('analysis' in step) current.durationMs += ms(step.analysis.duration);
  });
  return steps;
}

type Kind = 'latency' | 'error-rate' | 'kpi';

export function planDetection(
  spec: RolloutSpec,
  traffic: ModelTraffic,
  regressions: Regressions = DEFAULT_REGRESSIONS,
  options: PlanOptions = {},
): PlanRow[] {
  const lookMs = options.lookMs ?? 5_000;
  const horizonMs = options.horizonMs ?? 3_600_000;
  const texts = spec.analysis.triggers;
  const triggers = texts.map((t, i) => parseTrigger(t, `analysis.triggers[${i}]`));
  const rows: PlanRow[] = [];
  for (const step of planSteps(spec)) {
    const candidateRps = traffic.requestsPerSecond * step.share;
    const limit = Math.max(step.durationMs ?? 0, horizonMs);
    const found = new Map<string, { at: number | undefined; message: string }>();
    for (const kind of ['latency', 'error-rate', 'kpi'] as const) {
      if (!triggers.some((t) => t.metric.kind === kind)) continue;
      for (const [source, result] of simulate(spec, texts, triggers, kind, step, traffic, regressions, {
        lookMs,
        limitMs: limit,
      }))
        found.set(source, result);
    }
    for (const trigger of triggers) {
      const base = {
        step: step.label,
        share: step.share,
        candidateRequestsPerSecond: candidateRps,
        trigger: trigger.source,
        stepMs: step.durationMs,
      };
      const result = found.get(trigger.source);
      if (!result) {
        rows.push({ ...base, ...effectSizeOnly(trigger, candidateRps, step) });
        continue;
      }
      const regression = describeRegression(trigger, regressions);
      const inStep =
        result.at !== undefined && (step.durationMs === undefined || result.at <= step.durationMs);
      const note =
        result.at === undefined
          ? `not within ${formatDuration(limit)}: ${result.message}`
          : trigger.severity === 'observe'
            ? 'observe: recorded, never acts'
            : '';
      const warning = inStep
        ? undefined
        : result.at === undefined
          ? `${step.label} cannot show ${regression} to "${trigger.source}" (${candidateRps.toFixed(1)} req/s on the candidate): ${result.message}`
          : `${step.label} is too short for "${trigger.source}" to see ${regression}: it takes ~${formatDuration(result.at)} at ${candidateRps.toFixed(1)} req/s, the step lasts ${formatDuration(step.durationMs ?? 0)}`;
      rows.push({ ...base, regression, detectMs: result.at, note, warning });
    }
  }
  return rows;
}

/** Runs the real judge on expected telemetry with one kind of regression; first breach per trigger. */
function simulate(
  spec: RolloutSpec,
  texts: string[],
  triggers: Trigger[],
  kind: Kind,
  step: PlanStep,
  traffic: ModelTraffic,
  regressions: Regressions,
  { lookMs, limitMs }: { lookMs: number; limitMs: number },
): Map<string, { at: number | undefined; message: string }> {
  const kpiNames = triggers.flatMap((t) => (t.metric.kind === 'kpi' ? [t.metric.name] : []));
  const arm = (rps: number, regressed: boolean): ArmProfile => ({
    requestsPerSecond: rps,
    errorRate:
      regressed && kind === 'error-rate'
        ? regressions.errorFrom * regressions.errorFactor
        : regressions.errorFrom,
    latencyMedianMs:
      traffic.latencyMedianMs * (regressed && kind === 'latency' ? 1 + regressions.latencyUp : 1),
    latencySigma: traffic.latencySigma,
    kpis: Object.fromEntries(
      kpiNames.map((name) => {
        const kpi = traffic.kpis[name] ?? traffic.defaultKpi;
        return [
          name,
          { ...kpi, mean: kpi.mean * (regressed && kind === 'kpi' ? 1 - regressions.kpiDown : 1) },
        ];
      }),
    ),
  });
  const rps = traffic.requestsPerSecond;
  const reader = expectedTelemetry({
    candidate: arm(rps * step.share, true),
    baseline: arm(step.baselineBefore ? rps : rps * (1 - step.share), false),
  });
  const judge = createJudge({
    triggers: texts,
    consecutiveBreaches: spec.analysis.consecutiveBreaches,
    sequentialBreaches: spec.analysis.sequentialBreaches,
    alpha: spec.analysis.alpha,
  });
  const start = Date.UTC(2026, 0, 1);
  const ours = triggers.filter((t) => t.metric.kind === kind);
  const results = new Map<string, { at: number | undefined; message: string }>();
  // Every look for the first ten minutes, then one a minute: the plan answers to that precision.
  for (let t = lookMs; t <= limitMs && results.size < ours.length; t += t < 600_000 ? lookMs : 60_000) {
    // Expected telemetry answers every read at once: the judge reads it on demand.
    const decision = judge.evaluate(
      {
        model: spec.model,
        candidate: 'candidate',
        baseline: 'baseline',
        candidateShare: step.share,
        now: start + t,
        since: start,
        baselineSpan: step.baselineBefore
          ? { from: start - ms(spec.guard.baselineWindow), to: start }
          : undefined,
      },
      reader,
    );
    for (const trigger of ours) {
      if (results.has(trigger.source)) continue;
      const reading = decision.readings.find((r) => r.trigger === trigger.source);
      if (reading?.status === 'breach') results.set(trigger.source, { at: t, message: reading.message });
      else if (t + lookMs > limitMs)
        results.set(trigger.source, { at: undefined, message: reading?.message ?? '' });
    }
  }
  return results;
}

function describeRegression(trigger: Trigger, r: Regressions): string {
  const pct = (v: number): string => `${Number((v * 100).toPrecision(3))} %`;
  switch (trigger.metric.kind) {
    case 'latency':
      return `latency +${pct(r.latencyUp)}`;
    case 'error-rate':
      return `errors ${pct(r.errorFrom)} → ${pct(r.errorFrom * r.errorFactor)}`;
    case 'kpi':
      return `kpi ${trigger.metric.name} −${pct(r.kpiDown)}`;
    default:
      return '';
  }
}

/** Triggers judged on effect size alone: what matters is when their minimum data is in. */
function effectSizeOnly(
  trigger: Trigger,
  candidateRps: number,
  step: PlanStep,
): Pick<PlanRow, 'regression' | 'detectMs' | 'note' | 'warning'> {
  const needed =
    trigger.metric.kind === 'diversity'
      ? { count: MINIMUMS.equalSamplePredictions, what: 'predictions a side' }
      : ['psi', 'js', 'ks'].includes(trigger.metric.kind)
        ? { count: MINIMUMS.psiRows, what: 'input rows' }
        : { count: MINIMUMS.inputRows, what: 'input rows' };
  const dataMs = candidateRps > 0 ? Math.ceil(needed.count / candidateRps) * 1000 : undefined;
  const note =
    dataMs === undefined
      ? `no candidate traffic: never judged`
      : `effect size, judged once ${needed.count} ${needed.what} are in: ~${formatDuration(dataMs)}`;
  const short = dataMs === undefined || (step.durationMs !== undefined && dataMs > step.durationMs);
  return {
    regression: '',
    detectMs: undefined,
    note,
    warning: short
      ? `${step.label} is too small for "${trigger.source}": ${needed.count} ${needed.what} take ${dataMs === undefined ? 'forever' : `~${formatDuration(dataMs)}`} at ${candidateRps.toFixed(1)} req/s, the step lasts ${formatDuration(step.durationMs ?? 0)}`
      : undefined,
  };
}
