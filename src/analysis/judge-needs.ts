/**
 * `judge.needs`: the windows every look reads, listed ahead of it from the input and the judge's
 * state alone, so a provider can fetch them (asynchronously) before the pure evaluation. Two
 * reads depend on the data and are asked for only when a look comes to them (WindowsNeeded): a
 * `for` window doubled back in a quiet hour, and the span since the checkpoint leading a running
 * test once it is significant. Listing every span they could take would read a dozen windows more
 * per trigger at every look for what a look rarely needs.
 */
import { runningBlockSpan, windowBlockMs } from './blocked-evidence.js';
import type { JudgeInput } from './judge.js';
import { forWindows, lookStart, pairRequests, triggerFrom } from './judge-spans.js';
import type { TriggerState } from './judge-snapshot.js';
import { blockSums, runsBlocked } from './judges/blocked.js';
import type { WindowRequest } from './metric-windows.js';
import type { Trigger } from './triggers/types.js';

/** The reads of one look; `states[i]` is trigger i's state as the look will find it. */
export function judgeNeeds(
  triggers: readonly Trigger[],
  states: readonly TriggerState[],
  input: JudgeInput,
): WindowRequest[] {
  const { now, model } = input;
  const start = lookStart(input);
  const requests: WindowRequest[] = [];
  const series = (span: { from: number; to: number; stepMs: number }): void => {
    // The blocked tests read requests, outcomes and latency alone.
    for (const release of [input.candidate, input.baseline])
      requests.push({ kind: 'series', model, release, ...span, predictions: false });
  };

  triggers.forEach((trigger, i) => {
    const state = states[i];
    const pair = (from: number, baselineSpanMs: number | undefined): void => {
      requests.push(...pairRequests(input, from, baselineSpanMs, trigger));
    };
    const from = triggerFrom(trigger.overMs, start, now);
    pair(from, trigger.overMs);
    // A sliding window is a fresh test per look; within a step the test runs on.
    const sliding = trigger.overMs !== undefined || input.since === undefined;
    if (trigger.significance && runsBlocked(trigger, input.baselineSpan === undefined)) {
      if (sliding) {
        if (now - from > 0) series({ from, to: now, stepMs: windowBlockMs(now - from) });
      } else {
        const span = runningBlockSpan(state?.blocks, blockSums(trigger), input.since!, now);
        if (span) series(span);
      }
    }
    // `for`: the trailing minute (or D) the condition is read over.
    if (trigger.forMs !== undefined && trigger.overMs === undefined)
      pair(Math.max(start, now - forWindows(trigger.forMs, start, now)[0]!), trigger.overMs);
  });
  return requests;
}
