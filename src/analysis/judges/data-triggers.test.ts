import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../core/clock.js';
import type { InputSchema } from '../../registry/schemas.js';
import { createRandom, type Random } from '../../stats/random.js';
import { createTelemetry } from '../../telemetry/create-telemetry.js';
import type { CategoryCounts, TelemetryReader } from '../../telemetry/types.js';
import { createJudge } from '../create-judge.js';
import type { TriggerReading } from '../judge.js';
import { emptyWindow } from '../empty-window.js';
import { judgeNow } from '../judge-look.js';

const schema: InputSchema = {
  fields: {
    age: { type: 'number', required: true, nullable: false },
    plan: { type: 'string', required: true, nullable: false },
    promo: { type: 'boolean', required: false, nullable: true },
  },
};
/** Deciles of N(40, 10): ten equal bins for the healthy age. */
const AGE_EDGES = [27.2, 31.6, 34.8, 37.5, 40, 42.5, 45.2, 48.4, 52.8];

/** How one release's input rows look. */
interface Inputs {
  /** Mean age (sd 10). */
  age: number;
  /** Shares of free / pro / team. */
  plans: readonly [number, number, number];
  /** Share of rows whose age arrives as a string (breaks the schema). */
  mismatch: number;
}
const HEALTHY: Inputs = { age: 40, plans: [0.6, 0.3, 0.1], mismatch: 0.002 };

function row(random: Random, x: Inputs): Record<string, unknown> {
  const u = random.next();
  const plan = u < x.plans[0] ? 'free' : u < x.plans[0] + x.plans[1] ? 'pro' : 'team';
  const gauss = Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
  const age = Math.round(x.age + 10 * gauss);
  return { age: random.next() < x.mismatch ? String(age) : age, plan, promo: random.next() < 0.2 };
}

/**
 * 60 s of a 10 % canary at 200 rows/s judged at the end: the candidate and the baseline send
 * `before` for the first 30 s and `after` for the last 30.
 */
function judgeAfterAMinute(
  trigger: string,
  arms: { candidate: [Inputs, Inputs]; baseline: [Inputs, Inputs] },
  seed = 1,
): TriggerReading {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const telemetry = createTelemetry({
    clock,
    windowSeconds: 600,
    schemas: () => schema,
    histogramEdges: (_m, field) => (field === 'age' ? AGE_EDGES : undefined),
  });
  const random = createRandom(seed);
  const start = clock.now();
  for (let t = 0; t < 60; t++) {
    for (const [release, rate, phases] of [
      ['v2', 20, arms.candidate],
      ['v1', 180, arms.baseline],
    ] as const)
      for (let i = 0; i < rate; i++)
        telemetry.record({
          model: 'recsys',
          release,
          region: 'eu',
          at: clock.now(),
          outcome: 'ok',
          latencyMs: 50,
          inputs: [row(random, phases[t < 30 ? 0 : 1])],
        });
    clock.advance(1000);
  }
  const judge = createJudge({ triggers: [trigger], consecutiveBreaches: 1 });
  const d = judgeNow(judge, {
    reader: telemetry,
    model: 'recsys',
    candidate: 'v2',
    baseline: 'v1',
    candidateShare: 0.1,
    now: clock.now(),
    since: start,
  });
  return d.readings[0]!;
}

const PLANS_SHIFTED: Inputs = { ...HEALTHY, plans: [0.3, 0.3, 0.4] };
const AGE_SHIFTED: Inputs = { ...HEALTHY, age: 46 };
const BROKEN: Inputs = { ...HEALTHY, mismatch: 0.05 };

const cases: { trigger: string; shifted: Inputs; breach: RegExp }[] = [
  {
    trigger: 'psi(plan) > 0.2',
    shifted: PLANS_SHIFTED,
    breach: /^psi\(plan\) 0\.\d+ against baseline is above 0\.2/,
  },
  {
    trigger: 'js(plan) > 0.1',
    shifted: PLANS_SHIFTED,
    breach: /^js\(plan\) 0\.\d+ against baseline is above 0\.1/,
  },
  {
    trigger: 'js(plan) > 0.1 with significance',
    shifted: PLANS_SHIFTED,
    breach: /^js\(plan\) 0\.\d+ against baseline is above 0\.1/,
  },
  {
    trigger: 'psi(age) > 0.2',
    shifted: AGE_SHIFTED,
    breach: /^psi\(age\) 0\.\d+ against baseline is above 0\.2/,
  },
  { trigger: 'js(age) > 0.1', shifted: AGE_SHIFTED, breach: /^js\(age\) 0\.\d+ against baseline/ },
  {
    trigger: 'ks(age) > 0.1',
    shifted: AGE_SHIFTED,
    breach: /^ks\(age\) 0\.\d+ against baseline is above 0\.1/,
  },
  {
    trigger: 'ks(age) > 0.1 with significance',
    shifted: AGE_SHIFTED,
    breach: /^ks\(age\) 0\.\d+ against baseline is above 0\.1/,
  },
  {
    trigger: 'input schema mismatch rate up > 200%',
    shifted: BROKEN,
    breach: /^input schema mismatch rate [\d.]+ % is \d+ % above baseline [\d.]+ % \(limit 200 %\)$/,
  },
  {
    trigger: 'input schema mismatch rate(age) up > 200% with significance',
    shifted: BROKEN,
    breach: /^input schema mismatch rate\(age\) [\d.]+ % is \d+ % above baseline/,
  },
];

describe('data triggers, candidate against the baseline over the same seconds', () => {
  it.each(cases)('$trigger breaches on a real shift of the candidate', ({ trigger, shifted, breach }) => {
    const r = judgeAfterAMinute(trigger, { candidate: [shifted, shifted], baseline: [HEALTHY, HEALTHY] });
    expect(r.status, r.message).toBe('breach');
    expect(r.message).toMatch(breach);
  });

  it.each(cases)('$trigger stays ok on A/A', ({ trigger }) => {
    for (const seed of [1, 2, 3]) {
      const r = judgeAfterAMinute(
        trigger,
        { candidate: [HEALTHY, HEALTHY], baseline: [HEALTHY, HEALTHY] },
        seed,
      );
      expect(r.status, r.message).toBe('ok');
    }
  });

  it.each(cases)('$trigger stays ok when both arms shift together half way', ({ trigger, shifted }) => {
    const r = judgeAfterAMinute(trigger, { candidate: [HEALTHY, shifted], baseline: [HEALTHY, shifted] });
    expect(r.status, r.message).toBe('ok');
  });

  it('judges an absolute schema mismatch rate on the candidate alone', () => {
    const broken = judgeAfterAMinute('input schema mismatch rate > 1%', {
      candidate: [BROKEN, BROKEN],
      baseline: [HEALTHY, HEALTHY],
    });
    expect(broken.status).toBe('breach');
    expect(broken.message).toMatch(
      /^input schema mismatch rate [4-6](\.\d)? % is above 1 % \(limit > 1 %\)$/,
    );
    const healthy = judgeAfterAMinute('input schema mismatch rate(age) > 1%', {
      candidate: [HEALTHY, HEALTHY],
      baseline: [BROKEN, BROKEN],
    });
    expect(healthy.status).toBe('ok');
  });

  it('says why a field cannot be compared instead of passing it', () => {
    const same = { candidate: [HEALTHY, HEALTHY], baseline: [HEALTHY, HEALTHY] } as {
      candidate: [Inputs, Inputs];
      baseline: [Inputs, Inputs];
    };
    expect(judgeAfterAMinute('ks(plan) > 0.1', same)).toMatchObject({
      status: 'insufficient-data',
      message: 'ks(plan): "plan" is categorical and KS needs ordered values; use js(plan) or psi(plan)',
    });
    expect(judgeAfterAMinute('js(country) > 0.1', same)).toMatchObject({
      status: 'insufficient-data',
      message: expect.stringContaining('no distribution of "country" recorded') as unknown,
    });
    expect(judgeAfterAMinute('input schema mismatch rate(country) > 1%', same)).toMatchObject({
      status: 'insufficient-data',
      message:
        'insufficient data for input schema mismatch rate(country): field "country" is not in the model\'s input schema',
    });
  });

  it('refuses a field with more than 100 distinct values rather than compare it cut differently', () => {
    const userCategories = (release: string): CategoryCounts =>
      release === 'v2' ? { counts: {}, overflow: true } : { counts: { a: 1000 }, overflow: false };
    const reader: TelemetryReader = {
      window: (q) => ({
        ...emptyWindow(q.release, q.from, q.to),
        inputRows: 1000,
        inputQuality: {
          user: {
            missing: 0,
            nulls: 0,
            wrongType: 0,
            mismatches: 0,
            categories: userCategories(q.release),
          },
        },
      }),
      series: () => [],
    };
    const d = judgeNow(createJudge({ triggers: ['psi(user) > 0.2'] }), {
      reader,
      model: 'recsys',
      candidate: 'v2',
      baseline: 'v1',
      candidateShare: 0.1,
      now: 60_000,
      since: 0,
    });
    expect(d.readings[0]).toMatchObject({
      status: 'insufficient-data',
      message:
        'insufficient data for psi(user): "user" took more than 100 distinct values on the candidate; distribution triggers compare fields with at most 100 values',
    });
  });

  it('reads counts telemetry cannot have produced as a telemetry error, never as a pass', () => {
    const window =
      (bad: { plan?: number; mismatches?: number; rows?: number }) =>
      (q: { release: string; from: number; to: number }) => ({
        ...emptyWindow(q.release, q.from, q.to),
        inputRows: q.release === 'v2' ? (bad.rows ?? 1000) : 1000,
        inputMismatchRows: q.release === 'v2' ? (bad.mismatches ?? 0) : 0,
        inputQuality: {
          plan: {
            missing: 0,
            nulls: 0,
            wrongType: 0,
            mismatches: 0,
            categories: {
              counts: { free: q.release === 'v2' ? (bad.plan ?? 600) : 600, pro: 400 },
              overflow: false,
            },
          },
        },
      });
    const judge = (trigger: string, bad: Parameters<typeof window>[0]) =>
      judgeNow(createJudge({ triggers: [trigger] }), {
        reader: { window: window(bad), series: () => [] },
        model: 'recsys',
        candidate: 'v2',
        baseline: 'v1',
        candidateShare: 0.1,
        now: 60_000,
        since: 0,
      }).readings[0]!;
    expect(judge('js(plan) > 0.1', { plan: Number.NaN })).toMatchObject({
      status: 'insufficient-data',
      message: 'insufficient data for js(plan): telemetry error, candidate.plan[0] = NaN is not a count',
    });
    expect(judge('psi(plan) > 0.2', { plan: -5 }).status).toBe('insufficient-data');
    expect(judge('input schema mismatch rate > 1%', { mismatches: 1200 })).toMatchObject({
      status: 'insufficient-data',
      message:
        'insufficient data for input schema mismatch rate: telemetry error, candidate has 1200 bad values of 1000 checked',
    });
    expect(judge('input schema mismatch rate > 1%', { rows: Number.NaN })).toMatchObject({
      status: 'insufficient-data',
      message:
        'insufficient data for input schema mismatch rate: telemetry error, candidate input rows = NaN is not a count',
    });
    expect(judge('input null rate > 1%', { rows: -3 }).status).toBe('insufficient-data');
  });
});
