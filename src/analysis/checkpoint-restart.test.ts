import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { countingProcessEValue, createRandom } from '../stats/index.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { CHECKPOINTS } from './checkpoint-restart.js';
import { createJudge } from './create-judge.js';
import type { JudgeSnapshot } from './judge-snapshot.js';
import { judgeNow, type ReaderLook } from './judge-look.js';

/** A 5 % canary of 500 req/s: v1 475 and v2 25 requests a second, seeded errors. */
function canary(seed: number) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const telemetry = createTelemetry({ clock, windowSeconds: 3600, schemas: () => undefined });
  const random = createRandom(seed);
  const since = clock.now();
  const totals = { ec: 0, eb: 0, nc: 0, nb: 0 };
  function second(candidateErrorRate: number): void {
    for (const [release, n, rate] of [
      ['v1', 475, 0.003],
      ['v2', 25, candidateErrorRate],
    ] as const)
      for (let i = 0; i < n; i++) {
        const failed = random.bernoulli(rate);
        const errors = failed ? 1 : 0;
        if (release === 'v1') {
          totals.nb++;
          totals.eb += errors;
        } else {
          totals.nc++;
          totals.ec += errors;
        }
        telemetry.record({
          model: 'recsys',
          release,
          region: 'eu',
          at: clock.now() + i,
          outcome: failed ? 'serverError' : 'ok',
          latencyMs: 20,
          predictions: ['item-1'],
        });
      }
    clock.advance(1000);
  }
  const input = (): ReaderLook => ({
    reader: telemetry,
    model: 'recsys',
    candidate: 'v2',
    baseline: 'v1',
    candidateShare: 0.05,
    now: clock.now(),
    since,
  });
  /** ln E of the step-start test alone on everything so far (what the judge ran before). */
  const stepStartLogE = (): number => {
    const share = totals.nc / (totals.nc + totals.nb);
    const rho0 = (share * 1.5) / (share * 1.5 + 1 - share);
    return countingProcessEValue({
      baselineCount: totals.eb,
      candidateCount: totals.ec,
      candidateShare: rho0,
      alternative: 'greater',
    }).logEValue;
  };
  return { second, input, stepStartLogE };
}

describe('checkpoint-restart mixture in the judge', () => {
  it('rolls back a fault after a healthy minute well before the step-start test alone would', () => {
    const threshold = Math.log(1 / 0.01);
    const gains: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const { second, input, stepStartLogE } = canary(seed);
      const judge = createJudge({ triggers: ['error rate up > 50%'] });
      for (let t = 0; t < 60; t++) {
        second(0.003);
        expect(judgeNow(judge, input()).verdict).toBe('MONITOR');
      }
      let judged: number | undefined;
      let alone: number | undefined;
      for (let t = 1; t <= 120 && alone === undefined; t++) {
        second(0.05);
        if (judged === undefined && judgeNow(judge, input()).verdict === 'ROLLBACK_IMMEDIATELY') judged = t;
        if (stepStartLogE() >= threshold) alone = t;
      }
      expect(judged).toBeDefined();
      gains.push((alone ?? 121) - judged!);
    }
    // Simulated medians: about 9 s against 16 s.
    gains.sort((a, b) => a - b);
    expect(gains[2]).toBeGreaterThanOrEqual(4);
  });

  it('keeps a bounded set of checkpoints and resumes them from a snapshot', () => {
    const { second, input } = canary(7);
    const judge = createJudge({ triggers: ['error rate up > 50%'] });
    for (let t = 0; t < 600; t++) {
      second(0.003);
      judgeNow(judge, input());
    }
    const saved = JSON.parse(JSON.stringify(judge.snapshot())) as JudgeSnapshot;
    const checkpoints = saved.triggers[0]!.checkpoints!;
    expect(checkpoints.length).toBeLessThanOrEqual(CHECKPOINTS.recent + CHECKPOINTS.trail);
    expect(checkpoints.map((c) => c.index)).toEqual([2, 4, 8, 16, 32, 64, 115, 116, 117, 118, 119, 120]);
    const resumed = createJudge({ triggers: ['error rate up > 50%'] }, saved);
    for (let t = 0; t < 20; t++) {
      second(t < 5 ? 0.003 : 0.05);
      const a = judgeNow(judge, input());
      const b = judgeNow(resumed, input());
      expect(b.readings[0]!.pValue).toBe(a.readings[0]!.pValue);
      expect(b.verdict).toBe(a.verdict);
    }
    expect(() =>
      createJudge(
        { triggers: ['error rate up > 50%'] },
        { ...saved, triggers: [{ ...saved.triggers[0]!, checkpoints: [{ index: 0, at: 1, mark: [] }] }] },
      ),
    ).toThrow(/snapshot\.triggers\[0\]\.checkpoints/);
  });
});
