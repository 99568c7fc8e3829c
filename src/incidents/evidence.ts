/**
 * Evidence frozen into an incident at decision time: the judges' readings, a summary of the
 * candidate's and baseline's telemetry windows, and sampled request/response pairs (already
 * redacted by telemetry). Telemetry windows hold sketches and maps; they are summarised into
 * plain JSON here, with unmeasurable values as null (JSON has no NaN).
 */
import type { Decision, TriggerReading } from '../analysis/judge.js';
import { normalizedEntropy, topItemShare } from '../telemetry/diversity.js';
import type { Sample } from '../telemetry/sample-store.js';
import { serverSideFailures, type ReleaseWindow } from '../telemetry/types.js';

export interface WindowSummary {
  release: string;
  /** Epoch ms span of the window. */
  from: number;
  to: number;
  requests: number;
  /** Share of requests that ended in a 5xx, timeout or connection error. */
  errorRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  diversity: { entropy: number | null; topItemShare: number | null; distinctItems: number };
  /** Mean of each KPI with its number of observations. */
  kpis: Record<string, { n: number; mean: number | null }>;
}

export interface DecisionEvidence {
  verdict: Decision['verdict'];
  reason: string;
  trigger?: string | undefined;
  at: number;
  readings: TriggerReading[];
}

/** One step of a release's telemetry around the incident (the charts are drawn from these). */
export type SeriesPoint = Omit<WindowSummary, 'release' | 'to'>;

/** What a release was made of when it was pulled or took over: enough to rebuild or diff it. */
export interface ReleaseEvidence {
  name: string;
  model: string;
  modelVersion: number;
  artifactUri: string;
  /** The model artifact's content digest (immutable). */
  digest: string;
  framework: string;
  /** The serving image, when the model version is tagged with one (`image` tag). */
  image: string | null;
  features: { name: string; version: string; kind: string; digest: string }[];
  backends: string[];
}

/** The windows of both releases over one span. */
export interface WindowPair {
  from: number;
  to: number;
  candidate: WindowSummary;
  baseline: WindowSummary;
}

/** Per-step series of both releases over one span. */
export interface SeriesPair {
  stepMs: number;
  candidate: SeriesPoint[];
  baseline: SeriesPoint[];
}

export interface Evidence {
  decision?: DecisionEvidence | undefined;
  /** The judges' last readings on the target after the rollback (recovered or escalated). */
  verification?: DecisionEvidence | undefined;
  /** The candidate's and baseline's windows up to the decision (same spans as `before`). */
  candidate?: WindowSummary | undefined;
  baseline?: WindowSummary | undefined;
  samples: Sample[];
  /** When the decision's evidence was frozen (controller clock); absent on older incidents. */
  frozenAt?: number | undefined;
  /** When the "after" part was added (at verification or escalation). */
  completedAt?: number | undefined;
  /** The pulled release and the target, as the registry held them. */
  releases?: { pulled?: ReleaseEvidence | undefined; target?: ReleaseEvidence | undefined } | undefined;
  /** Windows before the decision and after traffic was restored (baseline: the rollback target after). */
  windows?: { before?: WindowPair | undefined; after?: WindowPair | undefined } | undefined;
  series?: { before?: SeriesPair | undefined; after?: SeriesPair | undefined } | undefined;
  /** The sticky-session key of the model's traffic policy, when it had one (impact counts users by it). */
  stickyKey?: { source: string; key: string } | undefined;
  /** Parts that could not be read (a provider down, a release gone): named, never silently absent. */
  captureErrors?: string[] | undefined;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function summarizeWindow(window: ReleaseWindow): WindowSummary {
  const failed = serverSideFailures(window.outcomes);
  const quantile = (q: number): number | null =>
    window.latency.count > 0 ? finite(window.latency.getValueAtQuantile(q)) : null;
  return {
    release: window.release,
    from: window.from,
    to: window.to,
    requests: window.requests,
    errorRate: window.requests > 0 ? failed / window.requests : null,
    latencyMs: { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99) },
    diversity: {
      entropy: finite(normalizedEntropy(window.predictions)),
      topItemShare: finite(topItemShare(window.predictions)),
      distinctItems: window.predictions.size,
    },
    kpis: Object.fromEntries(
      Object.entries(window.kpis).map(([name, m]) => [name, { n: m.n, mean: m.n > 0 ? m.sum / m.n : null }]),
    ),
  };
}

export interface EvidenceInput {
  decision?: Decision | undefined;
  candidate?: ReleaseWindow | undefined;
  baseline?: ReleaseWindow | undefined;
  samples?: readonly Sample[] | undefined;
}

/** The part of a judge's decision an incident keeps. */
export function decisionEvidence(decision: Decision): DecisionEvidence {
  return {
    verdict: decision.verdict,
    reason: decision.reason,
    trigger: decision.trigger,
    at: decision.at,
    readings: decision.readings,
  };
}

/** A series of windows as points (JSON-safe: NaN becomes null). */
export function summarizeSeries(windows: readonly ReleaseWindow[]): SeriesPoint[] {
  return windows.map((w) => {
    const { release: _release, to: _to, ...point } = summarizeWindow(w);
    return jsonSafe(point);
  });
}

/** A copy with every non-finite number as null, so it survives JSON and the document store. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? finite(v) : v))) as T;
}

/** A deep-frozen, JSON-safe copy: later telemetry can never change what the incident shows. */
export function freezeEvidence(input: EvidenceInput): Evidence {
  const evidence: Evidence = {
    decision: input.decision && decisionEvidence(input.decision),
    candidate: input.candidate && summarizeWindow(input.candidate),
    baseline: input.baseline && summarizeWindow(input.baseline),
    samples: [...(input.samples ?? [])],
  };
  return deepFreeze(jsonSafe(evidence));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
