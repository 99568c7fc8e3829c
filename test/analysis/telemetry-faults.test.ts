import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';

import { createRandom } from '../../src/stats/index.js';
import type { ReleaseWindow, TelemetryReader } from '../../src/telemetry/types.js';
import { SimulatedReleases } from './simulated-releases.js';
import { createJudge } from '../../src/analysis/create-judge.js';
import { judgeNow, type ReaderLook } from '../../src/analysis/judge-look.js';

/** A sound window with `n` requests (1 % errors), 100 ms latencies, KPIs and predictions. */
function window(release: string, n: number): ReleaseWindow {
  const latency = new DDSketch({ relativeAccuracy: 0.01 });
  for (let i = 0; i < n; i++) latency.accept(100 + (i % 50));
  return {
    model: 'recsys',
    release,
    from: 0,
    to: 60_000,
    requests: n,
    outcomes: {
      ok: n - n / 100,
      clientError: 0,
      serverError: n / 100,
      timeout: 0,
      connectionError: 0,
      invalidResponse: 0,
    },
    latency,
    predictions: new Map(Array.from({ length: 50 }, (_, i) => [`item-${i}`, n / 50])),
    predictionResponses: n,
    inputRows: n,
    inputQuality: { age: { missing: 0, nulls: 0, wrongType: 0 } },
    kpis: { conversion: { n, sum: n / 10, sumSq: n / 10 } },
  };
}

/** Answers every window and series step with the same windows, the candidate's altered by `fault`. */
function staticReader(fault: (w: ReleaseWindow) => ReleaseWindow): TelemetryReader {
  const read = (release: string): ReleaseWindow =>
    release === 'v2' ? fault(window('v2', 1000)) : window('v1', 19_000);
  return { window: (q) => read(q.release), series: (q) => [read(q.release)] };
}

const input = (reader: TelemetryReader, now = 60_000): ReaderLook => ({
  reader,
  model: 'recsys',
  candidate: 'v2',
  baseline: 'v1',
  candidateShare: 0.05,
  now,
  since: 0,
});

const TRIGGERS = [
  'hard: error rate up > 50%',
  'hard: error rate > 5%',
  'hard: p95 latency up > 20%',
  'hard: kpi conversion down > 5%',
  'hard: prediction diversity down > 20%',
  'hard: input null rate > 1%',
];

describe('readings are validated before judging', () => {
  it.each([
    [
      'a NaN request count',
      (w: ReleaseWindow) => ({ ...w, requests: Number.NaN }),
      /requests is NaN/,
      [0, 1, 2],
    ],
    [
      'more errors than requests',
      (w: ReleaseWindow) => ({ ...w, outcomes: { ...w.outcomes, serverError: 2 * w.requests } }),
      /2000 errors exceed 1000 requests/,
      [0, 1, 2],
    ],
    ['a negative request count', (w: ReleaseWindow) => ({ ...w, requests: -5 }), /requests is -5/, [0, 1, 2]],
    [
      'a NaN KPI',
      (w: ReleaseWindow) => ({ ...w, kpis: { conversion: { n: 1000, sum: Number.NaN, sumSq: Number.NaN } } }),
      /kpi conversion sums are NaN/,
      [3],
    ],
    [
      'NaN prediction counts',
      (w: ReleaseWindow) => ({ ...w, predictions: new Map([['item-0', Number.NaN]]) }),
      /predictions\.item-0 = NaN is not a count/,
      [4],
    ],
    [
      'an empty latency sketch beside 1000 requests',
      (w: ReleaseWindow) => ({ ...w, latency: new DDSketch({ relativeAccuracy: 0.01 }) }),
      /latency sketch is empty though 1000 requests were counted/,
      [2],
    ],
    [
      'negative input counts',
      (w: ReleaseWindow) => ({ ...w, inputQuality: { age: { missing: -1, nulls: 0, wrongType: 0 } } }),
      /-1 is not a count/,
      [5],
    ],
  ] as const)(
    '%s: insufficient data with a telemetry error, never ok, never a rollback',
    (_, fault, words, hit) => {
      const judge = createJudge({ triggers: TRIGGERS, consecutiveBreaches: 1 });
      const d = judgeNow(judge, input(staticReader(fault)));
      expect(d.verdict).toBe('MONITOR');
      d.readings.forEach((r, i) => {
        if (!(hit as readonly number[]).includes(i)) return;
        expect(r.status, r.trigger).toBe('insufficient-data');
        expect(r.telemetryError, r.trigger).toMatch(words);
        expect(r.message).toMatch(/telemetry error[:,] candidate/);
      });
      expect(d.telemetryErrors).toHaveLength(hit.length);
      expect(d.reason).toMatch(/telemetry error/);
    },
  );

  it('a NaN request count does not latch: the next ordinary looks of a healthy canary never roll back', () => {
    const start = 0;
    const sim = new SimulatedReleases(start, 300);
    const random = createRandom('nan-latch');
    let broken = false;
    const reader: TelemetryReader = {
      window: (q) => {
        const w = sim.window(q);
        return broken && q.release === 'candidate' ? { ...w, requests: Number.NaN } : w;
      },
      series: (q) =>
        sim.series(q).map((w) => (broken && q.release === 'candidate' ? { ...w, requests: Number.NaN } : w)),
    };
    const judge = createJudge({ triggers: ['hard: error rate up > 50%', 'hard: error rate > 5%'] });
    const healthy = (rate: number) => ({ rate, errorRate: 0.003, latencyScale: 1 });
    for (let t = 0; t < 300; t++) {
      sim.step(t, healthy(20), healthy(380), random);
      if ((t + 1) % 5) continue;
      broken = t + 1 === 60;
      const d = judgeNow(judge, {
        reader,
        model: 'recsys',
        candidate: 'candidate',
        baseline: 'baseline',
        candidateShare: 0.05,
        now: start + (t + 1) * 1000,
        since: start,
      });
      expect(d.verdict, d.reason).toBe('MONITOR');
      if (broken) {
        expect(d.readings.map((r) => r.status)).toEqual(['insufficient-data', 'insufficient-data']);
        expect(d.telemetryErrors?.[0]).toMatch(/requests is NaN/);
      } else expect(d.telemetryErrors).toBeUndefined();
      for (const r of d.readings) expect(r.pValue ?? 1).toBeGreaterThan(0.01);
    }
  });
});
