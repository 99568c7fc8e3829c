import { ManualClock } from '../../src/core/clock.js';
import { ArmStream, type Tables } from './arm-stream.js';
import { sharedSecond } from './backgrounds.js';
import { BenchReader } from './bench-reader.js';
import type { Decider, ReleaseContext } from './deciders/decider.js';
import { fixedThresholdDecider } from './deciders/fixed-thresholds.js';
import { kayentaDecider } from './deciders/kayenta.js';
import { ripcordAlphaPerTest, ripcordDecider, type SinceMode } from './deciders/ripcord.js';
import { DDSketch } from '@datadog/sketches-js';

import {
  collapsedWeights,
  featureWeights,
  latencyGrid,
  latencyWeights,
  zipfWeights,
} from './distributions.js';
import { fixedHorizonRejects } from './fixed-horizon.js';
import { observations, oracleFor, ORACLE_POWER } from './oracle.js';
import { Rng } from './random.js';
import { backgroundOf, HEALTHY, onsetOf, PSI_SHIFT, type Scenario } from './scenarios.js';

export interface SimOptions {
  /** Requests per second over both releases. */
  rate: number;
  /** Candidate's share of traffic in canary scenarios. */
  canaryShare: number;
  /** Releases per A/A scenario and per regression scenario. */
  releasesAA: number;
  releasesRegression: number;
  canaryHorizonSec: number;
  blueGreenHorizonSec: number;
  /** ripcord's evaluation period. */
  tickSec: number;
  /** The peers' analysis interval. */
  peerIntervalSec: number;
  seed: number;
  /**
   * On backgrounds whose weight steps, what the judges' `since` is: the current step's start (what
   * docs/triggers.md describes), the rollout's start (what the controller passes today), or both
   * side by side.
   */
  since: SinceMode | 'both';
}

export const FULL: SimOptions = {
  rate: 1000,
  canaryShare: 0.05,
  releasesAA: 500,
  releasesRegression: 200,
  canaryHorizonSec: 1800,
  blueGreenHorizonSec: 600,
  tickSec: 5,
  peerIntervalSec: 60,
  seed: 1,
  since: 'both',
};

/** Latency tables reach this multiple of the healthy latency (regression × shared slowdown × diurnal peak). */
const MAX_LATENCY_SCALE = 4;

export interface DeciderOutcome {
  name: string;
  /** Releases it rolled back. */
  alarms: number;
  /** Seconds from the onset to the rollback, for each rolled-back release (≤ 0: before the onset). */
  ttd: number[];
  /** What made it roll back (metric or trigger) → releases. */
  causes: Record<string, number>;
  /** Releases (their index, for diagnose-release.ts) it rolled back at or before the onset, and what did. */
  falseRollbacks: { release: number; atSec: number; cause: string }[];
}

export interface ScenarioResult {
  scenario: Scenario;
  releases: number;
  horizonSec: number;
  deciders: DeciderOutcome[];
  /** A/A: releases where one fixed-horizon test per metric at the end rejects (any of them). */
  fixedHorizonRejects: number;
  /** Regressions: seconds from the onset until the oracle's test reached its power, per release that got there. */
  oracleTtd: number[];
  /** CPU seconds the scenario took (user + system, this process). */
  cpuSec: number;
}

function memo<T>(f: (x: number) => T): (x: number) => T {
  const cache = new Map<number, T>();
  return (x) => {
    let v = cache.get(x);
    if (v === undefined) cache.set(x, (v = f(x)));
    return v;
  };
}

export function buildTables(): Tables {
  const grid = latencyGrid(MAX_LATENCY_SCALE);
  const healthy = zipfWeights();
  const mapping = new DDSketch({ relativeAccuracy: 0.01 }).mapping;
  return {
    grid,
    latency: memo((s) => {
      if (!(s > 0 && s <= MAX_LATENCY_SCALE))
        throw new Error(`latency scale ${s} outside (0, ${MAX_LATENCY_SCALE}]`);
      return latencyWeights(grid, s);
    }),
    items: { healthy, collapsed: collapsedWeights(healthy) },
    features: memo(featureWeights),
    itemNames: healthy.map((_, i) => `item-${i}`),
    sketchKeys: Int32Array.from(grid.values, (v) => mapping.key(v)),
  };
}

function deciders(opts: SimOptions, scenario: Scenario): Decider[] {
  const ours: Decider[] = !backgroundOf(scenario).stepped
    ? [ripcordDecider(opts.tickSec)]
    : opts.since === 'both'
      ? [ripcordDecider(opts.tickSec, 'step'), ripcordDecider(opts.tickSec, 'rollout')]
      : [ripcordDecider(opts.tickSec, opts.since)];
  return [...ours, fixedThresholdDecider(opts.peerIntervalSec, 2), kayentaDecider(opts.peerIntervalSec)];
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Simulates one scenario's releases and runs every decider on the same streams. A/A releases run to
 * the horizon; a regressed release stops once every decider has rolled it back and the oracle has
 * reached its horizon (nothing after that can change a figure).
 */
export function runScenario(scenario: Scenario, opts: SimOptions, tables: Tables, index = 0): ScenarioResult {
  const cpu0 = cpuSeconds();
  const canary = scenario.mode === 'canary';
  const bg = backgroundOf(scenario);
  const rate = bg.rate ?? opts.rate;
  const H = bg.horizonSec ?? (canary ? opts.canaryHorizonSec : opts.blueGreenHorizonSec);
  const kpi = bg.kpiFeedback;
  // Blue/green: the old release served before the window too, so its late feedback is in the window.
  const warm = canary ? 0 : (kpi?.maxDelaySec ?? 0);
  const aa = scenario.regression === 'none';
  const releases = aa ? opts.releasesAA : opts.releasesRegression;
  const candidate = new ArmStream('candidate', H, tables);
  const baseline = new ArmStream('baseline', canary ? H : warm + H, tables);
  const ds = deciders(opts, scenario);
  const outcomes: DeciderOutcome[] = ds.map((d) => ({
    name: d.name,
    alarms: 0,
    ttd: [],
    causes: {},
    falseRollbacks: [],
  }));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  let rejects = 0;
  const oracleTtd: number[] = [];
  const power =
    scenario.regression === 'none'
      ? undefined
      : oracleFor(scenario.regression, {
          // The level of ripcord's test of the same trigger: 0.01 / 6 on a canary, 0.01 / 3 on blue/green.
          alpha: ripcordAlphaPerTest(scenario.mode),
          items: tables.items,
          featureShift: PSI_SHIFT,
          errorLimit: 0.5,
          p95Limit: 0.2,
          conversionDrop: 0,
          errorRate: scenario.candidate.errorRate,
          latencyScale: scenario.candidate.latencyScale,
          conversion: scenario.candidate.conversion,
        });

  for (let r = 0; r < releases; r++) {
    const rng = new Rng(opts.seed * 1_000_003 + index * 10_007 + r);
    const env = bg.environment(rng, H, canary ? opts.canaryShare : 1);
    const reader = new BenchReader();
    let baselineSpan: ReleaseContext['baselineSpan'];
    const onset = onsetOf(scenario, rng);
    const first = onset > 0 ? HEALTHY : scenario.candidate;
    if (canary) {
      candidate.reset(first, 0, kpi);
      baseline.reset(HEALTHY, 0, kpi);
    } else {
      // Blue/green: the old release served everything for H seconds before the flip.
      baseline.reset(HEALTHY, rate, kpi);
      for (let s = 0; s < warm + H; s++) baseline.step(rng);
      clock.advance(H * 1000);
      baselineSpan = { from: clock.now() - H * 1000, to: clock.now() };
      candidate.reset(first, rate, kpi);
    }
    const startMs = clock.now();
    reader.register(candidate, startMs);
    reader.register(baseline, canary ? startMs : startMs - (warm + H) * 1000);
    const ctx: ReleaseContext = {
      scenario,
      candidate,
      baseline,
      reader,
      startMs,
      baselineSpan,
      baselineOffset: canary ? 0 : warm,
      candidateShare: canary ? opts.canaryShare : 1,
      env,
    };
    ds.forEach((d) => d.start(ctx));
    const alarmed = ds.map(() => false);
    let oracleAt: number | undefined;
    for (let t = 1; t <= H; t++) {
      const s = t - 1;
      if (onset > 0 && t === onset + 1) candidate.behave(scenario.candidate, 0);
      const share = env.share[s]!;
      candidate.step(rng, sharedSecond(env, s, rate, canary ? share : 1));
      if (canary) baseline.step(rng, sharedSecond(env, s, rate, 1 - share));
      clock.advance(1000);
      ds.forEach((d, i) => {
        if (alarmed[i]) return;
        const cause = d.observe(t);
        if (cause === undefined) return;
        alarmed[i] = true;
        const o = outcomes[i]!;
        o.alarms++;
        // From the onset: an alarm before it (a false one) reads as 0 s or less.
        o.ttd.push(t - onset);
        o.causes[cause] = (o.causes[cause] ?? 0) + 1;
        if (t <= onset || aa) o.falseRollbacks.push({ release: r, atSec: t, cause });
      });
      // The oracle answers at the judges' looks too: no decider can act between them.
      if (power && oracleAt === undefined && t > onset && t % opts.tickSec === 0) {
        const nc = observations(scenario.regression, candidate, onset, t);
        const nb = canary
          ? observations(scenario.regression, baseline, onset, t)
          : observations(scenario.regression, baseline, warm, warm + H);
        if (power(nc, nb) >= ORACLE_POWER) oracleAt = t - onset;
      }
      if (!aa && oracleAt !== undefined && alarmed.every(Boolean)) break;
    }
    if (oracleAt !== undefined) oracleTtd.push(oracleAt);
    if (
      aa &&
      fixedHorizonRejects(
        scenario,
        candidate,
        baseline,
        0.01 / 3,
        canary ? 0.05 : 0,
        0.2,
        0.5,
        tables.grid.values,
      )
    )
      rejects++;
    clock.advance(60_000);
  }
  return {
    scenario,
    releases,
    horizonSec: H,
    deciders: outcomes,
    fixedHorizonRejects: rejects,
    oracleTtd,
    cpuSec: cpuSeconds() - cpu0,
  };
}
