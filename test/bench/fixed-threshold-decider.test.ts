import { describe, expect, it } from 'vitest';

import { fixedThresholdDecider } from '../../bench/recovery/fixed-threshold-decider.js';
import { ManualClock } from '../../src/core/clock.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';

const MODEL = 'recsys';
const INTERVAL_MS = 60_000;
const PER_SECOND = 20;

/** A personalised top item: spread over 50 items. */
const personalised = (i: number): string => `item-${i % 50}`;
/** After a diversity collapse 97.5 % of answers are the one popular item. */
const collapsed = (i: number): string => (i % 40 === 0 ? personalised(i) : 'item-0');

/**
 * The bench's guard timeline on real telemetry (which seals seconds older than a minute into
 * whole minutes): v1 alone for half an interval, the promotion, v2 healthy for half an interval,
 * then the collapse; the decider's first look comes `phaseSec` after it.
 */
function guardTimeline(phaseSec: number) {
  // 20 s past the minute: the baseline span lies inside one minute, as it may in the bench.
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 20));
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  const serve = (release: string, seconds: number, item: (i: number) => string): void => {
    for (let s = 0; s < seconds; s += 1) {
      for (let r = 0; r < PER_SECOND; r += 1) {
        telemetry.record({
          model: MODEL,
          release,
          region: 'local',
          at: clock.now() + (r * 1000) / PER_SECOND,
          outcome: 'ok',
          latencyMs: 20,
          predictions: [item(s * PER_SECOND + r)],
        });
      }
      clock.advance(1000);
    }
  };
  const analysisAt = clock.now();
  serve('v1', INTERVAL_MS / 2000, personalised);
  const promotedAt = clock.now();
  serve('v2', INTERVAL_MS / 2000, personalised);
  const onsetAt = clock.now();
  const decider = fixedThresholdDecider({
    reader: telemetry,
    model: MODEL,
    candidate: 'v2',
    baseline: 'v1',
    intervalMs: INTERVAL_MS,
    since: promotedAt,
    baselineSpan: { from: analysisAt, to: promotedAt },
    metrics: ['diversity'],
  });
  serve('v2', phaseSec, collapsed);
  return { clock, serve, onsetAt, decider };
}

describe('fixedThresholdDecider: diversity after promotion (the guard case)', () => {
  it.each([5, 15, 25, 35, 45, 55])(
    'fails the analysis within four looks of a collapse first seen %i s after the onset',
    (phaseSec) => {
      const { clock, serve, onsetAt, decider } = guardTimeline(phaseSec);
      let failed: string[] | undefined;
      // failureLimit 2: three failed looks, and the first may still be mostly healthy traffic.
      for (let look = 0; look < 4 && !failed; look += 1) {
        failed = decider.measure(clock.now());
        serve('v2', INTERVAL_MS / 1000, collapsed);
      }
      expect(failed).toEqual(['diversity']);
      expect(decider.firstFailedAt).toBeGreaterThan(onsetAt);
    },
  );
});
