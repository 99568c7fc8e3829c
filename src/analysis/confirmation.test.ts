import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import type { Outcome } from '../telemetry/types.js';
import { createJudge } from './create-judge.js';
import type { JudgeInput } from './judge.js';

/** Exact counts, no randomness: each arm's requests as [latency ms, outcome, predicted item]. */
function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const telemetry = createTelemetry({ clock, windowSeconds: 3600, schemas: () => undefined });
  const since = clock.now();
  function second(arms: Record<string, Array<[number, Outcome, string]>>): void {
    for (const [release, requests] of Object.entries(arms))
      for (const [latencyMs, outcome, item] of requests)
        telemetry.record({
          model: 'recsys',
          release,
          region: 'eu',
          at: clock.now(),
          outcome,
          latencyMs,
          predictions: [item],
        });
    clock.advance(1000);
  }
  const input = (): JudgeInput => ({
    reader: telemetry,
    model: 'recsys',
    candidate: 'v2',
    baseline: 'v1',
    candidateShare: 0.5,
    now: clock.now(),
    since,
  });
  return { second, input };
}

const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** 1,000 requests at 100 ms; the candidate's slowest 100 take 200 ms. */
function slowTail(): Record<string, Array<[number, Outcome, string]>> {
  return {
    v1: repeat(1000, (i) => [100, 'ok', `item-${i % 50}`]),
    v2: repeat(1000, (i) => [i < 100 ? 200 : 100, 'ok', `item-${i % 50}`]),
  };
}

describe('confirmation: breaches in a row per kind of trigger', () => {
  it('acts on the first breach of an always-valid test, with the exceedance mixture centred on a doubled tail', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['p95 latency up > 20%'] });
    second(slowTail());
    const d = judge.evaluate(input());
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.readings[0]).toMatchObject({ status: 'breach', consecutiveBreaches: 1 });
    // 100 of 1,000 candidate requests above 1.2 × the baseline's 100 ms: share 0.1 against 0.05,
    // S² = 0.05·0.95/1000, tau² = 0.05². One-sided Lambda by hand (Johari et al., half-normal):
    // ln 2 + ½ ln(S²/(S²+tau²)) + tau²d²/(2S²(S²+tau²)) + ln Φ(d·tau/(S·sqrt(S²+tau²))), d = 0.05,
    // = 0.693147 − 1.991109 + 25.825151 − 0 = 24.527190. The step-start test holds half the
    // checkpoint-restart mixture's weight and no checkpoint has started 1 s in: ln E = 24.527190 − ln 2.
    expect(Math.log(d.readings[0]!.pValue!)).toBeCloseTo(-24.52719 + Math.LN2, 4);
  });

  it('keeps the consecutive-breach rule for effect-size triggers and sliding windows', () => {
    const { second, input } = setup();
    const judge = createJudge({
      triggers: ['prediction diversity down > 20%', 'p95 latency up > 20% over 10m'],
    });
    const collapsed = {
      v1: repeat(600, (i) => [100, 'ok', `item-${i % 50}`] as [number, Outcome, string]),
      v2: repeat(600, (i) => [i < 100 ? 200 : 100, 'ok', 'item-0'] as [number, Outcome, string]),
    };
    const statuses: string[][] = [];
    for (let t = 0; t < 3; t++) {
      second(collapsed);
      statuses.push(judge.evaluate(input()).readings.map((r) => `${r.status}:${r.consecutiveBreaches}`));
    }
    expect(statuses).toEqual([
      ['pending-breach:1', 'pending-breach:1'],
      ['pending-breach:2', 'pending-breach:2'],
      ['breach:3', 'breach:3'],
    ]);
  });

  it('takes sequentialBreaches for the always-valid triggers and validates it', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['p95 latency up > 20%'], sequentialBreaches: 2 });
    second(slowTail());
    const first = judge.evaluate(input());
    expect(first.readings[0]).toMatchObject({ status: 'pending-breach', consecutiveBreaches: 1 });
    expect(first.readings[0]!.message).toMatch(/; breach 1 of 2 in a row$/);
    second(slowTail());
    expect(judge.evaluate(input()).verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(() => createJudge({ triggers: ['error rate up > 50%'], sequentialBreaches: 0 })).toThrow(
      /sequentialBreaches: 0 must be an integer >= 1/,
    );
  });
});
