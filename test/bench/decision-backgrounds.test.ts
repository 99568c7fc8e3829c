import { describe, expect, it } from 'vitest';

import { ArmStream, type SharedSecond } from '../../bench/decisions/arm-stream.js';
import {
  DIURNAL,
  DIURNAL_PERIOD_SEC,
  ERROR_BURSTS,
  INCIDENT_SEC,
  KPI_DELAYED,
  NIGHT,
  SHARED_SLOWDOWNS,
  STEP_SEC,
  WEIGHT_STEPS,
  WEIGHT_STEPS_INCIDENT,
  type Environment,
} from '../../bench/decisions/backgrounds.js';
import { stepStartOf } from '../../bench/decisions/deciders/ripcord.js';
import { clopperPearson } from '../../bench/decisions/intervals.js';
import { oracleFor } from '../../bench/decisions/oracle.js';
import { Rng } from '../../bench/decisions/random.js';
import { rows } from '../../bench/decisions/report.js';
import { BACKGROUND_SCENARIOS, HEALTHY } from '../../bench/decisions/scenarios.js';
import { buildTables, FULL, runScenario } from '../../bench/decisions/simulate.js';

const tables = buildTables();
const H = 1800;

/** Seconds where `xs` differs from `base`, as [from, to) runs. */
function runs(xs: Float64Array, base: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < xs.length; t++) {
    if (xs[t] === base) continue;
    const from = t;
    while (t < xs.length && xs[t] !== base) t++;
    out.push([from, t]);
  }
  return out;
}

/** Both arms of a canary through `seconds` seconds of `env`, as the simulation steps them. */
function serve(env: Environment, seconds: number, rate: number, seed = 5) {
  const rng = new Rng(seed);
  const candidate = new ArmStream('candidate', seconds, tables);
  const baseline = new ArmStream('baseline', seconds, tables);
  candidate.reset(HEALTHY, 0);
  baseline.reset(HEALTHY, 0);
  const at = (s: number, share: number): SharedSecond => ({
    rate: rate * env.load[s]! * share,
    latency: env.latency[s]!,
    errors: env.errors[s]!,
    conversion: env.conversion[s]!,
  });
  for (let s = 0; s < seconds; s++) {
    candidate.step(rng, at(s, env.share[s]!));
    baseline.step(rng, at(s, 1 - env.share[s]!));
  }
  return { candidate, baseline };
}

const p95 = (arm: ArmStream, a: number, b: number): number =>
  arm.window('m', 0, 0, a, b).latency.getValueAtQuantile(0.95)!;

describe('decision benchmark backgrounds', () => {
  it('shared slowdowns: ×1.2–2 for 1–10 minutes, slowing the candidate and the baseline alike', () => {
    const env = SHARED_SLOWDOWNS.environment(new Rng(1), H, 0.05);
    const episodes = runs(env.latency, 1);
    expect(episodes.length).toBeGreaterThan(0);
    for (const [from, to] of episodes) {
      if (to < H) expect(to - from).toBeGreaterThanOrEqual(60);
      expect(to - from).toBeLessThanOrEqual(600);
      const f = env.latency[from]!;
      expect(f).toBeGreaterThanOrEqual(1.2);
      expect(f).toBeLessThanOrEqual(2);
    }
    const [from, to] = episodes.find(([a, b]) => b - a >= 60 && env.latency[a]! >= 1.3) ?? [0, 0];
    expect(to).toBeGreaterThan(0);
    const { candidate, baseline } = serve(env, to, 1000);
    const f = env.latency[from]!;
    // Healthy p95 193 ms: each arm's p95 during the episode is the factor times it (sketch accuracy 1 %).
    for (const arm of [candidate, baseline]) expect(p95(arm, from, to) / 193).toBeCloseTo(f, 1);
    expect(p95(candidate, from, to) / p95(baseline, from, to)).toBeCloseTo(1, 1);
  });

  it('diurnal: the load swings 3× from trough to peak, and both arms carry it', () => {
    const env = DIURNAL.environment(new Rng(2), DIURNAL_PERIOD_SEC, 0.05);
    const max = Math.max(...env.load);
    const min = Math.min(...env.load);
    expect(max / min).toBeCloseTo(3, 2);
    const peak = env.load.indexOf(max);
    const trough = env.load.indexOf(min);
    const { candidate, baseline } = serve(env, DIURNAL_PERIOD_SEC, 1000);
    const perMinute = (arm: ArmStream, s: number) => {
      const a = Math.max(0, Math.min(s - 30, DIURNAL_PERIOD_SEC - 60));
      return arm.sum(arm.requests, a, a + 60);
    };
    for (const arm of [candidate, baseline])
      expect(perMinute(arm, peak) / perMinute(arm, trough)).toBeGreaterThan(2.7);
    // Busy hours are slower for both arms.
    expect(p95(candidate, 0, DIURNAL_PERIOD_SEC)).toBeGreaterThan(0);
    expect(env.latency[peak]!).toBeGreaterThan(env.latency[trough]!);
  });

  it('shared error bursts: 3 % of both arms fail for 2 minutes', () => {
    const env = ERROR_BURSTS.environment(new Rng(3), H, 0.05);
    const bursts = runs(env.errors, 0);
    expect(bursts.length).toBeGreaterThan(0);
    const [from, to] = bursts[0]!;
    if (to < H) expect(to - from).toBe(120);
    const { candidate, baseline } = serve(env, to, 1000);
    const rate = (arm: ArmStream) => arm.sum(arm.errors, from, to) / arm.sum(arm.requests, from, to);
    // 0.3 % own errors plus 3 % shared.
    expect(rate(baseline)).toBeCloseTo(0.033, 2);
    expect(rate(candidate)).toBeGreaterThan(0.02);
    expect(rate(candidate)).toBeLessThan(0.05);
  });

  it('weight steps: 1 → 5 → 25 → 50 % every five minutes, and the shared incident spans a step change', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const env = WEIGHT_STEPS_INCIDENT.environment(new Rng(seed), H, 0.05);
      expect(env.stepStarts).toEqual([0, STEP_SEC, 2 * STEP_SEC, 3 * STEP_SEC]);
      WEIGHT_STEPS.forEach((w, i) => expect(env.share[i * STEP_SEC]).toBe(w));
      expect(env.share[H - 1]).toBe(0.5);
      const incidents = runs(env.errors, 0);
      expect(incidents).toHaveLength(1);
      const [from, to] = incidents[0]!;
      expect(to - from).toBe(INCIDENT_SEC);
      expect(env.stepStarts.some((s) => s > from && s < to)).toBe(true);
      expect(env.errors[from]).toBe(0.03);
    }
    expect(stepStartOf([0, 300, 600], 299)).toBe(0);
    expect(stepStartOf([0, 300, 600], 300)).toBe(300);
  });

  it('night: 20 req/s over both releases, one a second on a 5 % canary', () => {
    expect(NIGHT.rate).toBe(20);
    const env = NIGHT.environment(new Rng(4), 600, 0.05);
    const { candidate, baseline } = serve(env, 600, NIGHT.rate!);
    expect(candidate.sum(candidate.requests, 0, 600) / 600).toBeCloseTo(1, 0);
    expect(baseline.sum(baseline.requests, 0, 600) / 600).toBeCloseTo(19, 0);
  });

  it('late KPI feedback: from about half the requests, none before 30 s, all within 300 s', () => {
    const fb = KPI_DELAYED.kpiFeedback!;
    const arm = new ArmStream('green', 900, tables);
    arm.reset(HEALTHY, 1000, fb);
    const rng = new Rng(6);
    for (let s = 0; s < 600; s++) arm.step(rng);
    expect(arm.kpiOver(0, fb.minDelaySec).n).toBe(0);
    expect(arm.kpiOver(0, 600).n).toBeGreaterThan(0);
    // Traffic for 300 s, then none: by 900 s every report has arrived, from about half the requests.
    const probe = new ArmStream('probe', 900, tables);
    probe.reset(HEALTHY, 1000, fb);
    const rng2 = new Rng(7);
    for (let s = 0; s < 300; s++) probe.step(rng2);
    probe.behave({ ...HEALTHY }, 0);
    for (let s = 300; s < 900; s++) probe.step(rng2);
    const arrivedFromFirst = probe.kpiOver(0, 900).n;
    expect(arrivedFromFirst / probe.sum(probe.requests, 0, 300)).toBeCloseTo(0.5, 1);
    expect(probe.kpiOver(300 + fb.maxDelaySec + 1, 900).n).toBe(0);
    const w = arm.window('m', 0, 0, 0, 600);
    expect(w.kpis.conversion!.sum / w.kpis.conversion!.n).toBeCloseTo(0.1, 1);
  });
});

describe('decision benchmark reporting', () => {
  it('bounds rates with exact Clopper–Pearson limits', () => {
    // 0 of 500: the one-sided 95 % upper bound is 1 − 0.05^(1/500).
    expect(clopperPearson(0, 500, 0.05).upper).toBeCloseTo(1 - Math.pow(0.05, 1 / 500), 6);
    const ci = clopperPearson(55, 800, 0.025);
    expect(ci.lower).toBeGreaterThan(0.05);
    expect(ci.upper).toBeLessThan(0.09);
    expect(clopperPearson(500, 500, 0.05)).toMatchObject({ upper: 1 });
  });

  it('gives the oracle the power of a fixed-horizon test: more data, more power; 0.3 % → 5 % errors in ~230 requests', () => {
    const power = oracleFor('errors', {
      alpha: 0.01 / 3,
      items: tables.items,
      featureShift: 0.6,
      errorLimit: 0.5,
      p95Limit: 0.2,
      conversionDrop: 0,
      errorRate: 0.05,
      latencyScale: 1,
      conversion: 0.1,
    });
    expect(power(100, 1e6)).toBeLessThan(0.99);
    expect(power(300, 1e6)).toBeGreaterThan(0.99);
    expect(power(200, 1e6)).toBeLessThan(power(250, 1e6));
  });

  it('runs the judges since the step start and since the rollout start side by side on weight steps', () => {
    const aa = BACKGROUND_SCENARIOS.find(
      (s) => s.background === WEIGHT_STEPS_INCIDENT && s.regression === 'none',
    )!;
    const result = runScenario(
      aa,
      { ...FULL, releasesAA: 1, canaryHorizonSec: 2 * STEP_SEC + 60 },
      tables,
      0,
    );
    expect(rows([result]).map((r) => r.decider)).toEqual([
      'ripcord judges (since step start)',
      'ripcord judges (since rollout start)',
      'fixed thresholds (60s, failureLimit 2)',
      'Mann-Whitney per 60s (Kayenta)',
    ]);
  });
});
