/**
 * `judge.needs`: every window one look reads, listed ahead of it from the input and the judge's
 * state alone, so a provider can fetch them (asynchronously) before the pure evaluation. Where a
 * read depends on the data (a `for` window doubled back in a quiet hour, the span since the
 * checkpoint leading a running test), every span it could take is listed: a handful per trigger.
 */
import { runningBlockSpan, windowBlockMs } from './blocked-evidence.js';
import type { JudgeInput } from './judge.js';
import { forWindows, lookStart, triggerFrom, windowPair } from './judge-spans.js';
import type { TriggerState } from './judge-snapshot.js';
import { BLOCK_SUMS, runsBlocked } from './judges/blocked.js';
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
  const pair = (from: number, baselineSpanMs: number | undefined): void => {
    const spans = windowPair(input, from, baselineSpanMs);
    requests.push({ kind: 'window', ...spans.candidate }, { kind: 'window', ...spans.baseline });
  };
  const series = (span: { from: number; to: number; stepMs: number }): void => {
    for (const release of [input.candidate, input.baseline])
      requests.push({ kind: 'series', model, release, ...span });
  };

  triggers.forEach((trigger, i) => {
    const state = states[i];
    const from = triggerFrom(trigger.overMs, start, now);
    pair(from, trigger.overMs);
    // A sliding window is a fresh test per look; within a step the test runs on.
    const sliding = trigger.overMs !== undefined || input.since === undefined;
    if (trigger.significance && runsBlocked(trigger, input.baselineSpan === undefined)) {
      if (sliding) {
        if (now - from > 0) series({ from, to: now, stepMs: windowBlockMs(now - from) });
      } else {
        const span = runningBlockSpan(state?.blocks, BLOCK_SUMS, input.since!, now);
        if (span) series(span);
      }
    }
    if (trigger.forMs !== undefined && trigger.overMs === undefined) {
      for (const windowMs of forWindows(trigger.forMs, start, now))
        pair(Math.max(start, now - windowMs), trigger.overMs);
    } else if (trigger.significance && !sliding) {
      // The checkpoint that may lead the running test: a live one, or one started at this look.
      for (const checkpoint of state?.checkpoints ?? []) pair(checkpoint.at, trigger.overMs);
      pair(now, trigger.overMs);
    }
  });
  return requests;
}
