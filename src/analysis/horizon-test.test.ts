import { describe, expect, it } from 'vitest';

import { createRandom } from '../stats/index.js';
import type { TelemetryReader } from '../telemetry/types.js';
import { createJudge } from './create-judge.js';
import { emptyWindow } from './empty-window.js';
import { withHorizonTestAt, zTestHorizonMs } from './horizon-test.js';
import { judgeNow } from './judge-look.js';
import { freshState, readSnapshot } from './judge-snapshot.js';

const TRIGGER = 'hard: kpi conversion down > 0%';
const HORIZON_S = 600;

/**
 * Blue/green releases as the decision bench runs them: the old release served `rate` req/s at a 10 %
 * conversion for the 10 minutes before the flip, the new one serves them at `conversion` after it,
 * every request reporting its KPI at once, judged every 5 s over the 10-minute horizon. Returns how
 * many releases the judge rolled back within it.
 */
function blueGreen(options: { releases: number; conversion: number; alpha: number; seed: string }): number {
  const rate = 1000;
  const random = createRandom(options.seed);
  const flip = HORIZON_S * 1000;
  let rolledBack = 0;
  for (let r = 0; r < options.releases; r++) {
    // Prefix sums per second: KPI events and conversions, before the flip (baseline) and after it.
    const n = new Float64Array(2 * HORIZON_S + 1);
    const sum = new Float64Array(2 * HORIZON_S + 1);
    for (let s = 0; s < 2 * HORIZON_S; s++) {
      const requests = random.poisson(rate);
      n[s + 1] = n[s]! + requests;
      sum[s + 1] = sum[s]! + random.binomial(requests, s < HORIZON_S ? 0.1 : options.conversion);
    }
    const reader: TelemetryReader = {
      window: (q) => {
        const a = Math.max(0, Math.min(2 * HORIZON_S, Math.ceil(q.from / 1000)));
        const b = Math.max(a, Math.min(2 * HORIZON_S, Math.ceil(q.to / 1000)));
        const events = n[b]! - n[a]!;
        const converted = sum[b]! - sum[a]!;
        return {
          ...emptyWindow(q.release, q.from, q.to),
          kpis: { conversion: { n: events, sum: converted, sumSq: converted } },
        };
      },
      series: () => [],
    };
    const judge = createJudge({ triggers: [TRIGGER], alpha: options.alpha });
    for (let t = 5; t <= HORIZON_S; t += 5) {
      const d = judgeNow(judge, {
        reader,
        model: 'recsys',
        candidate: 'green',
        baseline: 'blue',
        candidateShare: 1,
        now: flip + t * 1000,
        since: flip,
        baselineSpan: { from: 0, to: flip },
      });
      if (d.verdict !== 'MONITOR') {
        rolledBack++;
        break;
      }
    }
  }
  return rolledBack;
}

describe('a z-test at the horizon beside the always-valid KPI test', () => {
  // The bench's missed row: conversion 10 % → 9.7 % after the flip, at the level the blue/green
  // judge gives each of its three tests (0.01 / 3). The mSPRT alone (with its checkpoints) ends
  // the horizon below its boundary in 1 release in 25 to 50; z at the horizon is 5.5 ± 1.
  it('catches a −3 % conversion within the 10-minute horizon in ≥ 99 % of 300 releases', () => {
    const caught = blueGreen({ releases: 300, conversion: 0.097, alpha: 0.01 / 3, seed: 'kpi-horizon' });
    expect(caught).toBeGreaterThanOrEqual(297);
  });

  it('stays within alpha at the null boundary (conversion unchanged)', () => {
    // 300 A/A releases at alpha 5 %: the horizon test alone rejects with probability 2.5 %.
    const alpha = 0.05;
    const releases = 300;
    const falseAlarms = blueGreen({ releases, conversion: 0.1, alpha, seed: 'kpi-horizon-aa' });
    // Slack: three Monte Carlo standard errors at alpha (3·sqrt(.05·.95/300) ≈ 0.038).
    expect(falseAlarms / releases).toBeLessThanOrEqual(
      alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / releases),
    );
  });
});

describe('which KPI tests take it', () => {
  /** The trigger's state after one look (10 minutes into the step by default), the baseline alongside or before the flip. */
  function stateAfterLook(
    trigger: string,
    baselineSpan?: { from: number; to: number },
    lookAfterS = HORIZON_S,
  ) {
    const reader: TelemetryReader = {
      window: (q) => {
        const seconds = (q.to - q.from) / 1000;
        return {
          ...emptyWindow(q.release, q.from, q.to),
          kpis: { conversion: { n: 1000 * seconds, sum: 100 * seconds, sumSq: 100 * seconds } },
        };
      },
      series: () => [],
    };
    const judge = createJudge({ triggers: [trigger] });
    const since = baselineSpan?.to ?? 600_000;
    judgeNow(judge, {
      reader,
      model: 'recsys',
      candidate: 'green',
      baseline: 'blue',
      candidateShare: baselineSpan ? 1 : 0.05,
      now: since + lookAfterS * 1000,
      since,
      baselineSpan,
    });
    return (judge.snapshot() as { triggers: { horizon?: string }[] }).triggers[0];
  }

  it('a relative KPI against the span before a blue/green flip: its information is capped there', () => {
    expect(stateAfterLook(TRIGGER, { from: 0, to: 600_000 })?.horizon).toBe('not rejected');
  });

  it('as long after the flip as the span before it lasted', () => {
    const halfHour = { from: 0, to: 1_800_000 };
    expect(stateAfterLook(TRIGGER, halfHour)?.horizon).toBeUndefined();
    expect(stateAfterLook(TRIGGER, halfHour, 1800)?.horizon).toBe('not rejected');
    expect(zTestHorizonMs({ baselineSpan: halfHour })).toBe(1_800_000);
    expect(zTestHorizonMs({})).toBe(600_000);
  });

  it('not a KPI against a baseline serving alongside, nor an absolute one: their information grows on', () => {
    expect(stateAfterLook(TRIGGER)?.horizon).toBeUndefined();
    expect(stateAfterLook('hard: kpi conversion < 0.1', { from: 0, to: 600_000 })?.horizon).toBeUndefined();
  });
});

describe('withHorizonTestAt', () => {
  const at = (seconds: number) => ({ since: 0, now: seconds * 1000, horizonMs: 600_000 });

  it('takes the z-test once, at the first look at or after the horizon, and keeps its outcome', () => {
    const state = freshState(TRIGGER);
    // Level 0.01 × 1/2: the critical z is 2.576.
    expect(withHorizonTestAt(state, Math.log(10), 4, at(595), 0.01)).toBeCloseTo(Math.log(5), 12);
    expect(state.horizon).toBeUndefined();
    expect(withHorizonTestAt(state, Math.log(10), 2.5, at(600), 0.01)).toBeCloseTo(Math.log(5), 12);
    expect(state.horizon).toBe('not rejected');
    // More data later pushes z past 2.576: testing again would be peeking, so nothing changes.
    expect(withHorizonTestAt(state, Math.log(10), 3, at(605), 0.01)).toBeCloseTo(Math.log(5), 12);
    expect(state.horizon).toBe('not rejected');
  });

  it('brings the e-value to 1/alpha by itself when the horizon test rejects', () => {
    const state = freshState(TRIGGER);
    const logE = withHorizonTestAt(state, Number.NEGATIVE_INFINITY, 2.6, at(603), 0.01);
    expect(state.horizon).toBe('rejected');
    expect(logE).toBeCloseTo(Math.log(100), 12);
    // Kept at later looks, whatever z says then.
    expect(withHorizonTestAt(state, Number.NEGATIVE_INFINITY, 0, at(700), 0.01)).toBeCloseTo(
      Math.log(100),
      12,
    );
  });

  it('survives a snapshot, and a snapshot with another outcome is refused', () => {
    const state = { ...freshState(TRIGGER), horizon: 'rejected' as const };
    expect(readSnapshot({ version: 1, since: 0, triggers: [state] }).triggers[0]?.horizon).toBe('rejected');
    expect(() =>
      readSnapshot({ version: 1, since: 0, triggers: [{ ...freshState(TRIGGER), horizon: 'maybe' }] }),
    ).toThrow(/snapshot\.triggers\[0\]\.horizon must be "rejected" or "not rejected"/);
  });
});
