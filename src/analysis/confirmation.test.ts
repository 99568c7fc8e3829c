import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import type { Outcome } from '../telemetry/types.js';
import { createJudge } from './create-judge.js';
import { judgeNow, type ReaderLook } from './judge-look.js';

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
  const input = (): ReaderLook => ({
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
  it('acts on the first breach of an always-valid test, with the blocked exceedance test', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['p95 latency up > 20%'] });
    second(slowTail());
    const d = judgeNow(judge, input());
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.readings[0]).toMatchObject({ status: 'breach', consecutiveBreaches: 1 });
    // Blocked test, one second: the candidate's values divided by 1.2 (rounded up to whole sketch
    // bins) pooled with the baseline's; the 100 candidate requests at 200 ms are the only ones
    // above the pooled p95 bin: under the null, 100 drawn without replacement from the 2,000
    // requests, 1,000 of them the candidate's (hypergeometric). Per odds ratio psi:
    // LR = psi^100 / E[psi^X]; mixed evenly over the latency test's 4 odds ratios 1.5·1.5^j, with
    // half the checkpoint mixture's weight on the step-start test.
    const hypergeometric = (x: number): number => {
      let logP = 0; // ln [C(1000, x) C(1000, 100 − x) / C(2000, 100)]
      for (let i = 0; i < x; i++) logP += Math.log((1000 - i) / (i + 1));
      for (let i = 0; i < 100 - x; i++) logP += Math.log((1000 - i) / (i + 1));
      for (let i = 0; i < 100; i++) logP -= Math.log((2000 - i) / (i + 1));
      return Math.exp(logP);
    };
    const expectation = (psi: number): number => {
      let e = 0;
      for (let x = 0; x <= 100; x++) e += hypergeometric(x) * psi ** x;
      return e;
    };
    const psis = Array.from({ length: 4 }, (_, j) => 1.5 * 1.5 ** j);
    const mixture = psis.reduce((sum, psi) => sum + psi ** 100 / expectation(psi), 0) / 4;
    expect(Math.log(d.readings[0]!.pValue!)).toBeCloseTo(-Math.log(mixture) + Math.LN2, 4);
  });

  it('keeps the consecutive-breach rule for effect-size triggers and sliding windows', () => {
    const { second, input } = setup();
    const judge = createJudge({
      triggers: ['prediction diversity down > 20% without significance', 'p95 latency up > 20% over 10m'],
    });
    const collapsed = {
      v1: repeat(600, (i) => [100, 'ok', `item-${i % 50}`] as [number, Outcome, string]),
      v2: repeat(600, (i) => [i < 100 ? 200 : 100, 'ok', 'item-0'] as [number, Outcome, string]),
    };
    const statuses: string[][] = [];
    for (let t = 0; t < 3; t++) {
      second(collapsed);
      statuses.push(judgeNow(judge, input()).readings.map((r) => `${r.status}:${r.consecutiveBreaches}`));
    }
    expect(statuses).toEqual([
      ['pending-breach:1', 'pending-breach:1'],
      ['pending-breach:2', 'pending-breach:2'],
      ['breach:3', 'breach:3'],
    ]);
  });

  it('acts on the first breach of a data trigger whose spent test rejects (the default)', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['prediction diversity down > 20%'] });
    second({
      v1: repeat(600, (i) => [100, 'ok', `item-${i % 50}`] as [number, Outcome, string]),
      v2: repeat(600, () => [100, 'ok', 'item-0'] as [number, Outcome, string]),
    });
    const d = judgeNow(judge, input());
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.readings[0]).toMatchObject({ status: 'breach', consecutiveBreaches: 1 });
    // One look 1 s into the step spends w_0 · S(1 s) = 1/2 · 1/6 of the level on the step's test.
    expect(d.readings[0]!.pValue).toBeLessThan(0.01);
  });

  it('takes sequentialBreaches for the always-valid triggers and validates it', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['p95 latency up > 20%'], sequentialBreaches: 2 });
    second(slowTail());
    const first = judgeNow(judge, input());
    expect(first.readings[0]).toMatchObject({ status: 'pending-breach', consecutiveBreaches: 1 });
    expect(first.readings[0]!.message).toMatch(/; breach 1 of 2 in a row$/);
    second(slowTail());
    expect(judgeNow(judge, input()).verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(() => createJudge({ triggers: ['error rate up > 50%'], sequentialBreaches: 0 })).toThrow(
      /sequentialBreaches: 0 must be an integer >= 1/,
    );
  });
});
