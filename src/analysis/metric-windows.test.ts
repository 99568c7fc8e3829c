import { describe, expect, it } from 'vitest';

import { createJudge } from './create-judge.js';
import type { Decision, JudgeInput } from './judge.js';
import { emptyWindow } from './empty-window.js';
import { judgeNow } from './judge-look.js';
import {
  readWindows,
  readWindowsNow,
  WindowsNeeded,
  type SyncWindowReader,
  type WindowRequest,
} from './metric-windows.js';
import { noopProvider } from './providers/noop/noop-provider.js';
import type { MetricProvider } from './providers/metric-provider.js';

const T0 = Date.UTC(2026, 0, 1);
const look = (over: Partial<JudgeInput> = {}): JudgeInput => ({
  model: 'recsys',
  candidate: 'v2',
  baseline: 'v1',
  candidateShare: 0.1,
  now: T0 + 120_000,
  since: T0,
  ...over,
});

function counting(): { provider: MetricProvider; reads: () => number } {
  const inner = noopProvider();
  let reads = 0;
  return {
    provider: {
      name: 'counting',
      window: (q) => (reads++, inner.window(q)),
      series: (q) => (reads++, inner.series(q)),
    },
    reads: () => reads,
  };
}

describe('readWindows', () => {
  it('reads each distinct request once and answers it synchronously', async () => {
    const { provider, reads } = counting();
    const w: WindowRequest = { kind: 'window', model: 'recsys', release: 'v2', from: T0, to: T0 + 1000 };
    const s: WindowRequest = { ...w, kind: 'series', stepMs: 500 };
    const windows = await readWindows(provider, [w, { ...w }, s]);
    expect(reads()).toBe(2);
    expect(windows.window(w).release).toBe('v2');
    expect(windows.series({ ...s })).toHaveLength(2);
  });

  it('reads a window without predictions once, or not at all when the full read is asked for too', async () => {
    const { provider, reads } = counting();
    const full: WindowRequest = { kind: 'window', model: 'recsys', release: 'v2', from: T0, to: T0 + 1000 };
    const lean: WindowRequest = { ...full, predictions: false };
    const both = await readWindows(provider, [lean, full]);
    expect(reads()).toBe(1);
    expect(both.window(lean).release).toBe('v2');
    expect(both.has?.(lean)).toBe(true);
    // A later round's lean read is answered by the full one already read…
    await readWindows(provider, [lean], both);
    expect(reads()).toBe(1);
    // …but a lean answer never stands in for a full read.
    const leanOnly = await readWindows(provider, [lean]);
    expect(reads()).toBe(2);
    expect(leanOnly.has?.(full)).toBe(false);
    await readWindows(provider, [full], leanOnly);
    expect(reads()).toBe(3);
  });

  it('refuses a read nobody asked for, naming the rule it breaks', async () => {
    const windows = await readWindows(noopProvider(), []);
    expect(() => windows.window({ model: 'recsys', release: 'v2', from: T0, to: T0 + 1 })).toThrow(
      /did not ask for .*judge\.needs\(\) must list every read/,
    );
  });
});

describe('judge.needs', () => {
  it('is pure: asking changes nothing, and asks the same again', () => {
    const judge = createJudge({ triggers: ['hard: error rate up > 50%', 'hard: p95 latency up > 20%'] });
    const before = judge.snapshot();
    expect(judge.needs(look())).toEqual(judge.needs(look()));
    expect(judge.snapshot()).toEqual(before);
  });

  it('lists the step for each release, and the per-second blocks of a concurrent test', () => {
    const judge = createJudge({ triggers: ['hard: error rate up > 50%'] });
    const needs = judge.needs(look());
    for (const release of ['v1', 'v2']) {
      expect(needs).toContainEqual(
        expect.objectContaining({ kind: 'window', release, from: T0, to: T0 + 120_000 }),
      );
      expect(needs).toContainEqual(
        expect.objectContaining({ kind: 'series', release, from: T0, to: T0 + 120_000, stepMs: 1000 }),
      );
    }
  });

  it('asks for predictions only for the diversity trigger', () => {
    const judge = createJudge({
      triggers: ['hard: error rate up > 50%', 'hard: prediction diversity down > 20%'],
    });
    const needs = judge.needs(look());
    const windows = needs.filter((r) => r.kind === 'window');
    expect(windows.filter((r) => r.predictions === false)).toHaveLength(2);
    expect(windows.filter((r) => r.predictions === undefined)).toHaveLength(2);
    expect(needs.filter((r) => r.kind === 'series').every((r) => r.predictions === false)).toBe(true);
  });

  it('lists the trailing minute of a `for` trigger, and the baseline span after a flip', () => {
    const judge = createJudge({ triggers: ['hard: p95 latency up > 30% for 5m'] });
    const needs = judge.needs(look({ now: T0 + 600_000, baselineSpan: { from: T0 - 600_000, to: T0 } }));
    const candidate = needs.filter((r) => r.release === 'v2').map((r) => T0 + 600_000 - r.from);
    expect(candidate).toEqual([600_000, 60_000]);
    expect(needs.filter((r) => r.release === 'v1').every((r) => r.from === T0 - 600_000 && r.to === T0)).toBe(
      true,
    );
  });

  it('asks for the spans a quiet minute doubles back to only when the look comes to them, changing nothing', () => {
    const judge = createJudge({ triggers: ['hard: error rate > 5% for 5m'] });
    const input = look({ now: T0 + 600_000 });
    // Too few requests in the last minute, plenty over the step: the look doubles back.
    const quiet: SyncWindowReader = {
      window: (q) => ({
        ...emptyWindow(q.release, q.from, q.to, q.model),
        requests: q.to - q.from > 60_000 ? 1000 : 5,
      }),
      series: (q) => nothingRecorded.series(q),
    };
    const before = judge.snapshot();
    const first = readWindowsNow(quiet, judge.needs(input));
    let needed: readonly WindowRequest[] = [];
    try {
      judge.evaluate(input, first);
    } catch (error) {
      expect(error).toBeInstanceOf(WindowsNeeded);
      needed = (error as WindowsNeeded).requests;
    }
    expect(judge.snapshot()).toEqual(before);
    expect(needed.filter((r) => r.release === 'v2').map((r) => T0 + 600_000 - r.from)).toEqual([
      120_000, 240_000, 480_000, 600_000,
    ]);
    const decision = judge.evaluate(input, readWindowsNow(quiet, needed, first));
    expect(decision.readings[0]!.message).toMatch(/over the last 2m/);
    expect(
      judgeNow(createJudge({ triggers: ['hard: error rate > 5% for 5m'] }), { ...input, reader: quiet }),
    ).toEqual(decision);
  });

  it('gives evaluate everything an ordinary look reads, look after look', () => {
    const judge = createJudge({
      triggers: [
        'hard: error rate up > 50%',
        'hard: p95 latency up > 20% for 1m',
        'soft: kpi conversion down > 5%',
      ],
    });
    for (let t = 5_000; t <= 60_000; t += 5_000) {
      const input = look({ now: T0 + t });
      expect(() => judge.evaluate(input, readWindowsNow(nothingRecorded, judge.needs(input)))).not.toThrow();
    }
  });
});

describe('a look led past what needs lists', () => {
  it('reads the span since a leading checkpoint in a second round, deciding as a judge reading on demand does', () => {
    // 100 req/s at 1 % errors for five minutes, then 20 %: the step's rate stays under 5 % for a
    // while, and the running test finds the fault in the data since a checkpoint.
    const errorsAt = (s: number): number => (s < 300 ? 1 : 20);
    const reader: SyncWindowReader = {
      window: (q) => {
        const w = emptyWindow(q.release, q.from, q.to, q.model);
        for (let s = Math.ceil((q.from - T0) / 1000); s * 1000 + T0 < q.to; s++) {
          const errors = q.release === 'v2' ? errorsAt(s) : 1;
          w.requests += 100;
          w.outcomes.serverError += errors;
          w.outcomes.ok += 100 - errors;
        }
        return w;
      },
      series: (q) => nothingRecorded.series(q),
    };
    const triggers = ['hard: error rate > 5%'];
    const [strict, onDemand] = [createJudge({ triggers }), createJudge({ triggers })];
    let rounds = 0;
    let last: Decision | undefined;
    for (let t = 5; t <= 420 && last?.verdict !== 'ROLLBACK_IMMEDIATELY'; t += 5) {
      const input = look({ now: T0 + t * 1000 });
      // A copy of the judge tells whether this look needs a second round.
      const probe = createJudge({ triggers }, strict.snapshot());
      try {
        probe.evaluate(input, readWindowsNow(reader, probe.needs(input)));
      } catch (error) {
        if (error instanceof WindowsNeeded) rounds++;
        else throw error;
      }
      last = judgeNow(strict, { ...input, reader });
      expect(last).toEqual(onDemand.evaluate(input, reader));
    }
    expect(rounds).toBeGreaterThan(0);
    expect(last?.verdict).toBe('ROLLBACK_IMMEDIATELY');
    expect(last?.reason).toMatch(/over the last \d+s/);
  });
});

/** A synchronous reader with no data. */
const nothingRecorded: SyncWindowReader = {
  window: (q) => emptyWindow(q.release, q.from, q.to, q.model),
  series: (q) => {
    const out = [];
    for (let from = q.from; from < q.to; from += q.stepMs)
      out.push(emptyWindow(q.release, from, Math.min(q.to, from + q.stepMs), q.model));
    return out;
  },
};
