/**
 * What one evaluation reads: windows and per-block series of both releases, shared by every
 * trigger within the look, each checked (judges/validate-window.ts) before a trigger sees it.
 */
import type { ReleaseWindow } from '../telemetry/types.js';
import type { BlockCheck, BlockSeries } from './blocked-evidence.js';
import type { JudgeInput } from './judge.js';
import { EVALUATORS, type Evaluation } from './judges/index.js';
import { windowProblem } from './judges/validate-window.js';
import type { Trigger } from './triggers/types.js';

/** An evaluation, or a telemetry fault that kept the trigger from being judged. */
export type Reading = Evaluation;

export interface JudgeReads {
  /** The trigger evaluated on the candidate over [from, now) and the baseline beside it (or its span). */
  evaluate(trigger: Trigger, from: number, spec: ReadSpec): Reading;
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

export function judgeReads(input: JudgeInput): JudgeReads {
  const now = input.now;
  const windows = new Map<string, ReleaseWindow>();
  const read = (release: string, from: number, to: number): ReleaseWindow => {
    const key = `${release}\u0000${from}\u0000${to}`;
    let w = windows.get(key);
    if (!w) windows.set(key, (w = input.reader.window({ model: input.model, release, from, to })));
    return w;
  };
  const seriesCache = new Map<string, ReleaseWindow[]>();
  const readSeries = (release: string, from: number, to: number, stepMs: number): ReleaseWindow[] => {
    const key = `${release}\u0000${from}\u0000${to}\u0000${stepMs}`;
    let s = seriesCache.get(key);
    if (!s)
      seriesCache.set(key, (s = input.reader.series({ model: input.model, release, from, to, stepMs })));
    return s;
  };
  const problem = (trigger: Trigger, c: ReleaseWindow, b: ReleaseWindow): string | undefined => {
    const pc = windowProblem(c, trigger.metric);
    if (pc) return `telemetry error: candidate ${input.candidate}: ${pc}`;
    const pb = windowProblem(b, trigger.metric);
    return pb ? `telemetry error: baseline ${input.baseline}: ${pb}` : undefined;
  };

  return {
    evaluate(trigger, from, spec) {
      const bs = input.baselineSpan;
      const candidate = read(input.candidate, from, now);
      const baseline = bs
        ? read(
            input.baseline,
            spec.baselineSpanMs === undefined ? bs.from : Math.max(bs.from, bs.to - spec.baselineSpanMs),
            bs.to,
          )
        : read(input.baseline, from, now);
      const fault = problem(trigger, candidate, baseline);
      if (fault) return { status: 'insufficient-data', message: fault, telemetryError: fault };
      try {
        return EVALUATORS[trigger.metric.kind]({
          trigger,
          candidate,
          baseline,
          concurrent: bs === undefined,
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
      candidate: readSeries(input.candidate, from, to, stepMs),
      baseline: readSeries(input.baseline, from, to, stepMs),
    }),
    check: (trigger) => (c, b) => problem(trigger, c, b),
  };
}
