/**
 * What one evaluation reads: windows and per-block series of both releases, shared by every
 * trigger within the look, each checked (judges/validate-window.ts) before a trigger sees it.
 * Reads come from the windows fetched for the look: judge-needs.ts lists them, and a read the
 * data leads to beyond that list asks for another round (WindowsNeeded).
 */
import type { BlockCheck, BlockSeries } from './blocked-evidence.js';
import type { JudgeInput } from './judge.js';
import { pairRequests, windowPair } from './judge-spans.js';
import { EVALUATORS, type Evaluation } from './judges/index.js';
import { windowProblem } from './judges/validate-window.js';
import { WindowsNeeded, type MetricWindows } from './metric-windows.js';
import type { SeriesQuery, WindowQuery } from './providers/metric-provider.js';
import type { ReleaseWindow } from '../telemetry/types.js';
import type { Trigger } from './triggers/types.js';

/** An evaluation, or a telemetry fault that kept the trigger from being judged. */
export type Reading = Evaluation;

export interface JudgeReads {
  /** The trigger evaluated on the candidate over [from, now) and the baseline beside it (or its span). */
  evaluate(trigger: Trigger, from: number, spec: ReadSpec): Reading;
  /**
   * The same over a span the look's data led to (judge.needs could not list it): throws
   * WindowsNeeded for it, and for the spans in `then` the look may go on to, when not fetched.
   */
  further(trigger: Trigger, from: number, spec: ReadSpec, then?: readonly number[]): Reading;
  /** Both releases per block, for blocked tests (baseline serving alongside only). */
  series: BlockSeries;
  check(trigger: Trigger): BlockCheck;
}

export interface ReadSpec {
  alpha: number;
  horizonMs: number;
  /** The span (ms) the trigger reads the baseline span over when it has one (blue/green), else all of it. */
  baselineSpanMs?: number | undefined;
}

export function judgeReads(input: JudgeInput, windows: MetricWindows): JudgeReads {
  const now = input.now;
  // Triggers of one look share their windows (a reader read on demand is asked once per span).
  const read = new Map<string, ReleaseWindow>();
  const windowOf = (query: WindowQuery): ReleaseWindow => {
    const key = `${query.release}\u0000${query.from}\u0000${query.to}\u0000${query.predictions !== false}`;
    let w = read.get(key);
    if (!w) read.set(key, (w = windows.window(query)));
    return w;
  };
  const readSeries = new Map<string, ReleaseWindow[]>();
  const seriesOf = (query: SeriesQuery): ReleaseWindow[] => {
    const key = `${query.release}\u0000${query.from}\u0000${query.to}\u0000${query.stepMs}`;
    let s = readSeries.get(key);
    if (!s) readSeries.set(key, (s = windows.series(query)));
    return s;
  };
  const problem = (trigger: Trigger, c: ReleaseWindow, b: ReleaseWindow): string | undefined => {
    const pc = windowProblem(c, trigger.metric);
    if (pc) return `telemetry error: candidate ${input.candidate}: ${pc}`;
    const pb = windowProblem(b, trigger.metric);
    return pb ? `telemetry error: baseline ${input.baseline}: ${pb}` : undefined;
  };

  const reads: JudgeReads = {
    further(trigger, from, spec, then = []) {
      const pair = pairRequests(input, from, spec.baselineSpanMs, trigger);
      if (windows.has && !pair.every((r) => windows.has!(r)))
        throw new WindowsNeeded(
          [from, ...then].flatMap((f) => pairRequests(input, f, spec.baselineSpanMs, trigger)),
        );
      return reads.evaluate(trigger, from, spec);
    },
    evaluate(trigger, from, spec) {
      const spans = windowPair(input, from, spec.baselineSpanMs, trigger);
      const candidate = windowOf(spans.candidate);
      const baseline = windowOf(spans.baseline);
      const fault = problem(trigger, candidate, baseline);
      if (fault) return { status: 'insufficient-data', message: fault, telemetryError: fault };
      try {
        return EVALUATORS[trigger.metric.kind]({
          trigger,
          candidate,
          baseline,
          concurrent: input.baselineSpan === undefined,
          candidateShare: input.candidateShare,
          baselineMetrics: input.baselineMetrics,
          alpha: spec.alpha,
          horizonMs: spec.horizonMs,
          spanMs: Math.max(0, now - from),
        });
      } catch (e) {
        // A reading the checks above let through but a statistic refuses: still not a verdict.
        const fault = `telemetry error: ${e instanceof Error ? e.message : String(e)}`;
        return { status: 'insufficient-data', message: fault, telemetryError: fault };
      }
    },
    series: (from, to, stepMs) => ({
      candidate: seriesOf({
        model: input.model,
        release: input.candidate,
        from,
        to,
        stepMs,
        predictions: false,
      }),
      baseline: seriesOf({
        model: input.model,
        release: input.baseline,
        from,
        to,
        stepMs,
        predictions: false,
      }),
    }),
    check: (trigger) => (c, b) => problem(trigger, c, b),
  };
  return reads;
}
