import { describe, expect, it } from 'vitest';

import { ValidationError } from '../core/errors.js';
import { createJudge } from './create-judge.js';
import { TriggerSyntaxError } from './triggers/index.js';
import { judgeNow } from './judge-look.js';
import { healthy, setup } from './judge-telemetry.test-support.js';

describe('createJudge', () => {
  it('reads "insufficient data" before there is enough, never a pass or a failure', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['p95 latency up > 30%', 'error rate up > 50%'] });
    let d = judgeNow(judge, input());
    expect(d).toMatchObject({ verdict: 'MONITOR', insufficientData: true });
    expect(d.readings.map((r) => r.status)).toEqual(['insufficient-data', 'insufficient-data']);
    expect(d.reason).toMatch(
      /^insufficient data: no trigger can be judged yet \(insufficient data for p95 latency: 0 candidate and 0 baseline requests of 200 needed\)/,
    );
    second([healthy('v1', 150), healthy('v2', 50)]);
    d = judgeNow(judge, input());
    expect(d.readings[1]!.message).toBe(
      'insufficient data for error rate: 50 candidate and 150 baseline requests of 100 needed',
    );
  });

  it('rolls back on a p95 regression with the reason in words, after the consecutive breaches and the `for` span', () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: ['p95 latency up > 30% for 5m'] });
    const arms = [
      { release: 'v1', perSecond: 60, latency: () => 292 },
      { release: 'v2', perSecond: 60, latency: () => 412 },
    ];
    const verdicts: string[] = [];
    let last = judgeNow(judge, input());
    for (let t = 0; t < 420; t++) {
      second(arms);
      if (t % 30 === 29) {
        last = judgeNow(judge, input({ now: clock.now() }));
        verdicts.push(`${last.verdict}:${last.readings[0]!.status}`);
      }
    }
    // Breaching from the first look (30 s), the `for 5m` span is held at 330 s: the 11th look.
    expect(verdicts.slice(0, 10).every((v) => v === 'MONITOR:pending-breach')).toBe(true);
    expect(verdicts[10]).toBe('ROLLBACK_IMMEDIATELY:breach');
    // 412 ms and 292 ms read back from the DDSketches (1 % relative accuracy) as 415.8 and 290.1.
    // `for 5m` reads the condition over the trailing minute at every look and quotes that reading.
    expect(last.reason).toBe(
      'p95 416 ms is 43 % above baseline 290 ms over the last 1m, held for 5m (limit 30 %)',
    );
    expect(last.trigger).toBe('p95 latency up > 30% for 5m');
    expect(last.readings[0]).toMatchObject({
      severity: 'hard',
      observed: expect.closeTo(412, -1),
      baseline: expect.closeTo(292, -1),
    });
    expect(last.readings[0]!.pValue).toBeLessThan(0.01);
  });

  it('applies the consecutive-breach rule: a transient spike stays pending and clears', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['error rate > 5% without significance'] });
    const normal = [healthy('v1'), healthy('v2')];
    const spike = [healthy('v1'), { ...healthy('v2'), errorRate: 0.5 }];
    second(normal);
    second(spike);
    let d = judgeNow(judge, input());
    // 50 % of the second half: the cumulative rate is ~25 %.
    expect(d.readings[0]).toMatchObject({ status: 'pending-breach', consecutiveBreaches: 1 });
    expect(d.readings[0]!.message).toMatch(
      /^error rate 2\d(\.\d)? % \(\d+ of 400\) is above 5 % \(limit > 5 %\); breach 1 of 3 in a row$/,
    );
    expect(d.verdict).toBe('MONITOR');
    for (let i = 0; i < 20; i++) second(normal);
    d = judgeNow(judge, input());
    expect(d.readings[0]).toMatchObject({ status: 'ok', consecutiveBreaches: 0 });
  });

  it('puts hard triggers before soft ones', () => {
    const { second, input } = setup();
    const judge = createJudge({
      triggers: ['soft: input null rate > 1%', 'hard: error rate > 20% without significance'],
      consecutiveBreaches: 1,
    });
    const arms = [healthy('v1'), { ...healthy('v2'), age: () => null }];
    second(arms);
    let d = judgeNow(judge, input());
    expect(d.verdict).toBe('INVESTIGATE_FIRST');
    expect(d.reason).toBe('input null rate 100 % is above 1 % (limit > 1 %)');
    second([healthy('v1'), { ...arms[1]!, errorRate: 1 }]);
    d = judgeNow(judge, input());
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.trigger).toBe('hard: error rate > 20% without significance');
    expect(d.readings.map((r) => r.status)).toEqual(['breach', 'breach']);
  });

  it('detects an error-rate regression with the counting-process e-value and the candidate share', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['error rate up > 50%'] });
    const arms = [healthy('v1', 190), { ...healthy('v2', 10), errorRate: 0.05 }];
    let d = judgeNow(judge, input({ candidateShare: 0.05 }));
    let rolledBackAt = -1;
    for (let t = 1; t <= 120 && rolledBackAt < 0; t++) {
      second(arms);
      if (t % 5 === 0) {
        d = judgeNow(judge, input({ candidateShare: 0.05 }));
        if (d.verdict === 'ROLLBACK_IMMEDIATELY') rolledBackAt = t;
      }
    }
    expect(rolledBackAt).toBeGreaterThan(0);
    expect(rolledBackAt).toBeLessThanOrEqual(90);
    expect(d.reason).toMatch(/^error rate \d+(\.\d)? % is \d+ % above baseline 0\.\d+ % \(limit 50 %\)$/);
  });

  it('reads a second neither release served (a scrape gap) as no evidence, not an error', () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: ['error rate up > 50%'] });
    const arms = [healthy('v1', 100), { ...healthy('v2', 100), errorRate: 0.2 }];
    for (let t = 1; t <= 30; t++) {
      if (t % 3 === 0) clock.advance(1000);
      else second(arms);
    }
    const d = judgeNow(judge, input());
    expect(d.telemetryErrors).toBeUndefined();
    expect(d.readings[0]?.status).not.toBe('insufficient-data');
  });

  it('keeps quiet on an A/A error rate and latency', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['error rate up > 50%', 'p95 latency up > 20%'] });
    const arms = [healthy('v1', 190), healthy('v2', 10)];
    for (let t = 1; t <= 300; t++) {
      second(arms);
      if (t % 10 === 0) expect(judgeNow(judge, input({ candidateShare: 0.05 })).verdict).toBe('MONITOR');
    }
  });

  it('judges a KPI drop in blue/green against the window before the flip', () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: ['kpi conversion down > 2% over 10m with significance'] });
    const before = clock.now();
    for (let t = 0; t < 60; t++) second([{ ...healthy('v1', 500), conversion: 0.3 }]);
    const flip = clock.now();
    for (let t = 0; t < 60; t++) second([{ ...healthy('v2', 500), conversion: 0.2 }]);
    const args = { since: flip, baselineSpan: { from: before, to: flip }, candidateShare: 1 };
    judgeNow(judge, input(args));
    judgeNow(judge, input(args));
    const d = judgeNow(judge, input(args));
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.reason).toMatch(/^kpi conversion 0\.\d+ is 3\d % below baseline 0\.\d+ over 10m \(limit 2 %\)$/);
  });

  it('compares diversity with the offline baseline metric when the baseline has no predictions', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['prediction diversity down > 20%'], consecutiveBreaches: 1 });
    for (let t = 0; t < 5; t++)
      second([{ ...healthy('v2', 200), item: (u) => (u < 0.97 ? 'item-0' : `item-${Math.floor(u * 50)}`) }]);
    const d = judgeNow(judge, input({ baselineMetrics: { prediction_diversity: 0.73 } }));
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.reason).toMatch(
      /^prediction diversity 0\.\d+ is \d+ % below the baseline version's offline 0\.73 \(limit 20 %\)$/,
    );
  });

  it('computes PSI between the candidate and baseline histograms', () => {
    const { second, input } = setup();
    const judge = createJudge({ triggers: ['soft: psi(age) > 0.2'], consecutiveBreaches: 1 });
    for (let t = 0; t < 5; t++) second([healthy('v1'), { ...healthy('v2'), age: (u) => 45 + 20 * u }]);
    const d = judgeNow(judge, input());
    expect(d.verdict).toBe('INVESTIGATE_FIRST');
    expect(d.readings[0]!.observed).toBeGreaterThan(0.2);
    expect(d.reason).toMatch(/^psi\(age\) \d+(\.\d+)? against baseline is above 0\.2 \(limit > 0\.2\)$/);
  });

  it('resumes from a snapshot: counters and running p-values survive a restart', () => {
    const { second, input } = setup();
    const config = { triggers: ['error rate > 5% without significance', 'p95 latency up > 30%'] };
    const first = createJudge(config);
    const bad = [healthy('v1'), { ...healthy('v2'), errorRate: 0.5, latency: () => 500 }];
    second(bad);
    judgeNow(first, input());
    second(bad);
    judgeNow(first, input());
    const snap = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    expect(snap).toMatchObject({ version: 1, triggers: [{ consecutive: 2 }, { consecutive: 2 }] });
    const resumed = createJudge(config, snap);
    second(bad);
    const d = judgeNow(resumed, input());
    expect(d.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(d.readings.map((r) => r.consecutiveBreaches)).toEqual([3, 3]);
    expect(() => createJudge(config, { version: 2 })).toThrow(ValidationError);
  });

  it('starts the running tests over when `since` moves to a new step', () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: ['error rate > 5% without significance'] });
    const bad = [healthy('v1'), { ...healthy('v2'), errorRate: 0.5 }];
    second(bad);
    judgeNow(judge, input());
    second(bad);
    expect(judgeNow(judge, input()).readings[0]!.consecutiveBreaches).toBe(2);
    const step = clock.now();
    second(bad);
    expect(judgeNow(judge, input({ since: step })).readings[0]!.consecutiveBreaches).toBe(1);
  });

  it('rejects bad configs with the field named', () => {
    expect(() => createJudge({ triggers: ['error rate > 5%', 'p95 latency up 30%'] })).toThrow(
      TriggerSyntaxError,
    );
    expect(() => createJudge({ triggers: ['error rate > 5%', 'p95 latency up 30%'] })).toThrow(
      /^triggers\[1\]: /,
    );
    expect(() => createJudge({ triggers: [] })).toThrow(/triggers: give at least one trigger/);
    expect(() => createJudge({ triggers: ['error rate > 5%'], consecutiveBreaches: 0 })).toThrow(
      /consecutiveBreaches: 0/,
    );
    expect(() => createJudge({ triggers: ['error rate > 5%'], alpha: 2 })).toThrow(/alpha: 2/);
  });

  it('splits alpha across the triggers that run a test', () => {
    const judge = createJudge({
      triggers: ['error rate up > 50%', 'p95 latency up > 20%', 'psi(age) > 0.2'],
      alpha: 0.01,
    });
    expect(judge.config.alphaPerTest).toBeCloseTo(0.005);
  });
});
