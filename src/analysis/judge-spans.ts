/**
 * The spans one look of a judge reads, in one place: `judge.needs` lists them ahead of the look
 * and `judge.evaluate` reads them, so the two cannot drift apart.
 */
import { DEFAULT_LOOKBACK_MS } from './compile-judge-config.js';
import type { JudgeInput } from './judge.js';
import type { WindowRequest } from './metric-windows.js';
import type { WindowQuery } from './providers/metric-provider.js';
import type { Trigger } from './triggers/types.js';

/**
 * `for D` reads its condition at every look over the trailing minute (or the `over` window, or D
 * when shorter), the way `rate(x[1m]) > v` with `for: D` reads in Prometheus: the trigger breaches
 * once the condition held on every look for D. A minute too quiet for the trigger's minimum data
 * is doubled back toward the step start until it is not.
 */
export const FOR_WINDOW_MS = 60_000;

/** Where the evidence of this look starts: the step (`since`), else the default lookback. */
export function lookStart(input: JudgeInput): number {
  return input.since ?? input.now - DEFAULT_LOOKBACK_MS;
}

/** Start of a trigger's span: the look's start, cut to its `over` window when it has one. */
export function triggerFrom(overMs: number | undefined, start: number, now: number): number {
  return overMs === undefined ? start : Math.max(start, now - overMs);
}

/**
 * The candidate over [from, now) and the baseline beside it, or over its own span (blue/green
 * after the flip), the last `baselineSpanMs` of it when the trigger reads a window.
 */
export function windowPair(
  input: JudgeInput,
  from: number,
  baselineSpanMs: number | undefined,
  trigger: Trigger,
): { candidate: WindowQuery; baseline: WindowQuery } {
  const { model, now } = input;
  const bs = input.baselineSpan;
  const parts = readsPredictions(trigger) ? {} : { predictions: false };
  return {
    candidate: { model, release: input.candidate, from, to: now, ...parts },
    baseline: bs
      ? {
          model,
          release: input.baseline,
          from: baselineSpanMs === undefined ? bs.from : Math.max(bs.from, bs.to - baselineSpanMs),
          to: bs.to,
          ...parts,
        }
      : { model, release: input.baseline, from, to: now, ...parts },
  };
}

/** Whether a trigger reads the windows' predictions (WindowQuery.predictions): diversity alone. */
export function readsPredictions(trigger: Trigger): boolean {
  return trigger.metric.kind === 'diversity';
}

/** The two reads of `windowPair`, as requests. */
export function pairRequests(
  input: JudgeInput,
  from: number,
  baselineSpanMs: number | undefined,
  trigger: Trigger,
): WindowRequest[] {
  const { candidate, baseline } = windowPair(input, from, baselineSpanMs, trigger);
  return [
    { kind: 'window', ...candidate },
    { kind: 'window', ...baseline },
  ];
}

/**
 * The trailing spans a `for D` trigger may read its condition over, in the order it tries them:
 * the last minute (or D), doubled while the span still starts after `start`.
 */
export function forWindows(forMs: number, start: number, now: number): number[] {
  let windowMs = Math.min(forMs, FOR_WINDOW_MS);
  const spans = [windowMs];
  while (windowMs > 0 && now - windowMs > start) spans.push((windowMs *= 2));
  return spans;
}
