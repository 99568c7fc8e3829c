/**
 * The judge contract between analysis/ (which implements it) and the controller (which calls
 * it every tick). A judge is stateful (consecutive-breach counters, running always-valid
 * p-values), and its state is plain JSON so a restarted controller resumes where it stopped.
 *
 * One look is three moves (Argo's Run/Resume): `needs(input)` lists the windows the look reads,
 * `readWindows(provider, requests)` (metric-windows.ts) fetches them, asynchronously, and
 * `evaluate(input, windows)` decides on them without I/O of its own. judgeLook (judge-look.ts)
 * runs the three, and the rare second round a look's data can lead to (WindowsNeeded).
 */
import type { MetricWindows, WindowRequest } from './metric-windows.js';

/** hard → roll back now; soft → alert and pause; else keep going. */
export const VERDICTS = ['ROLLBACK_IMMEDIATELY', 'INVESTIGATE_FIRST', 'MONITOR'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** hard: roll back now; soft: alert and pause; observe: record the readings, never act or hold. */
export type Severity = 'hard' | 'soft' | 'observe';

/** One trigger's reading on one evaluation. */
export interface TriggerReading {
  /** The trigger as written, e.g. `p95 latency up > 30% for 5m`. */
  trigger: string;
  severity: Severity;
  /** breach: condition met (and held for the consecutive-breach rule); insufficient: not enough data yet. */
  status: 'ok' | 'breach' | 'pending-breach' | 'insufficient-data';
  /** Observed value on the canary (or absolute), and on the baseline when relative. */
  observed?: number | undefined;
  baseline?: number | undefined;
  /** In words: "p95 412 ms is 41 % above baseline 292 ms for 5m (limit 30 %)". */
  message: string;
  consecutiveBreaches: number;
  /** p-value of the trigger's significance test when one ran (running always-valid p for sequential tests). */
  pValue?: number | undefined;
  /**
   * The telemetry fault that kept this trigger from being judged (a count that is not a finite
   * number ≥ 0, more errors than requests, an empty latency sketch…); the status is then
   * `insufficient-data`. Controllers log it and surface it on the rollout.
   */
  telemetryError?: string | undefined;
  /**
   * Set on a reading carried from an earlier look (a light look, JudgeInput.light): the epoch ms
   * of the look that took it. This look neither read nor tested the trigger.
   */
  carriedFrom?: number | undefined;
}

export interface Decision {
  verdict: Verdict;
  /** The deciding reason in words (the first hard breach, else the first soft one, else a summary). */
  reason: string;
  /** Name of the trigger that decided, when one did. */
  trigger?: string | undefined;
  readings: TriggerReading[];
  /** True when no trigger could be evaluated yet; the verdict is then MONITOR with this said. */
  insufficientData: boolean;
  /** Telemetry faults that kept triggers from being judged, one per trigger affected ("trigger: fault"). */
  telemetryErrors?: string[] | undefined;
  /** Epoch ms of the evaluation. */
  at: number;
  /**
   * How many gateways the candidate's telemetry in this look came from (the most any window it
   * read merged); undefined when the provider does not say (ReleaseWindow.gateways).
   */
  gateways?: number | undefined;
}

export interface JudgeInput {
  model: string;
  /** The release under judgement (canary, green, or promoted release under guard). */
  candidate: string;
  /** The release it is compared with (stable / last-known-good). */
  baseline: string;
  /** Share of traffic (0..1) the candidate currently receives; used by count-based e-values. */
  candidateShare: number;
  now: number;
  /** Only telemetry at or after this instant counts (e.g. since the current step began). */
  since?: number | undefined;
  /** Offline baseline metrics from the model version (e.g. prediction_diversity). */
  baselineMetrics?: Record<string, number> | undefined;
  /**
   * Span to read the baseline from when it no longer serves alongside the candidate (blue/green
   * after the flip: the window before it). Default: the candidate's span.
   */
  baselineSpan?: { from: number; to: number } | undefined;
  /**
   * A light look (a controller behind on its ticks, controller/look-schedule.ts): the
   * distribution triggers (deferrable.ts) keep the reading of their last look in this step
   * (`carriedFrom`) and read nothing; the others are judged as usual. A trigger not yet looked at
   * in this step is judged anyway.
   */
  light?: boolean | undefined;
}

export interface Judge {
  /** Every window and series the look at `input` reads, given the judge's state now. No I/O, no change. */
  needs(input: JudgeInput): WindowRequest[];
  /**
   * The look itself, on the windows `needs(input)` listed (fetched by readWindows), with no I/O;
   * it advances the judge's running state (breach streaks, running tests) as a look does. When
   * the data leads it to a window not fetched, it throws WindowsNeeded and changes nothing.
   */
  evaluate(input: JudgeInput, windows: MetricWindows): Decision;
  /** Serializable state for crash-safe resume. */
  snapshot(): unknown;
}

export interface JudgeConfig {
  /** Trigger expressions, one per entry, e.g. `hard: error rate > 5% for 3m`. */
  triggers: string[];
  /**
   * Breaches in a row needed before a trigger counts (default 3), for triggers judged on effect
   * size alone, by a single-look test (chi-square) or over a sliding `over` window.
   */
  consecutiveBreaches?: number | undefined;
  /**
   * Breaches in a row for triggers whose breach needs their running always-valid test to reject
   * (default 1: the test already holds its false-alarm level at every look).
   */
  sequentialBreaches?: number | undefined;
  /** False-alarm level of the always-valid tests (default 0.01). */
  alpha?: number | undefined;
}
