import { ManualClock } from '../../src/core/clock.js';
import { ArmStream, type Tables } from './arm-stream.js';
import { BenchReader } from './bench-reader.js';
import type { Decider, ReleaseContext } from './deciders/decider.js';
import { fixedThresholdDecider } from './deciders/fixed-thresholds.js';
import { kayentaDecider } from './deciders/kayenta.js';
import { ripcordDecider } from './deciders/ripcord.js';
import { DDSketch } from '@datadog/sketches-js';

import {
  collapsedWeights,
  featureWeights,
  latencyGrid,
  latencyWeights,
  zipfWeights,
} from './distributions.js';
import { fixedHorizonRejects } from './fixed-horizon.js';
import { Rng } from './random.js';
import { HEALTHY, PSI_SHIFT, type Scenario } from './scenarios.js';

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
};

export interface DeciderOutcome {
  name: string;
  /** Releases it rolled back. */
  alarms: number;
  /** Seconds from the start (the flip) to the rollback, for each rolled-back release. */
  ttd: number[];
  /** What made it roll back (metric or trigger) → releases. */
  causes: Record<string, number>;
}

export interface ScenarioResult {
  scenario: Scenario;
  releases: number;
  horizonSec: number;
  deciders: DeciderOutcome[];
  /** Releases where one fixed-horizon test at the final sample size rejects. */
  fixedHorizonRejects: number;
}

export function buildTables(): Tables {
  const grid = latencyGrid(1.4);
  const healthy = zipfWeights();
  const mapping = new DDSketch({ relativeAccuracy: 0.01 }).mapping;
  return {
    grid,
    latency: new Map([1, 1.4].map((s) => [s, latencyWeights(grid, s)])),
    items: { healthy, collapsed: collapsedWeights(healthy) },
    features: new Map([0, PSI_SHIFT].map((s) => [s, featureWeights(s)])),
    itemNames: healthy.map((_, i) => `item-${i}`),
    sketchKeys: Int32Array.from(grid.values, (v) => mapping.key(v)),
  };
}

function deciders(opts: SimOptions): Decider[] {
  return [
    ripcordDecider(opts.tickSec),
    fixedThresholdDecider(opts.peerIntervalSec, 2),
    kayentaDecider(opts.peerIntervalSec),
  ];
}

/** Simulates one scenario's releases and runs every decider on the same streams. */
export function runScenario(scenario: Scenario, opts: SimOptions, tables: Tables, index = 0): ScenarioResult {
  const canary = scenario.mode === 'canary';
  const H = canary ? opts.canaryHorizonSec : opts.blueGreenHorizonSec;
  const releases = scenario.regression === 'none' ? opts.releasesAA : opts.releasesRegression;
  const candidate = new ArmStream('candidate', H, tables);
  const baseline = new ArmStream('baseline', H, tables);
  const ds = deciders(opts);
  const outcomes: DeciderOutcome[] = ds.map((d) => ({ name: d.name, alarms: 0, ttd: [], causes: {} }));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  let rejects = 0;
  const healthy = HEALTHY;

  for (let r = 0; r < releases; r++) {
    const rng = new Rng(opts.seed * 1_000_003 + index * 10_007 + r);
    const reader = new BenchReader();
    let baselineSpan: ReleaseContext['baselineSpan'];
    const onset = scenario.onsetSec ?? 0;
    const candidateRate = canary ? opts.rate * opts.canaryShare : opts.rate;
    if (canary) {
      candidate.reset(onset > 0 ? healthy : scenario.candidate, candidateRate);
      baseline.reset(healthy, opts.rate * (1 - opts.canaryShare));
    } else {
      // Blue/green: the old release served everything for H seconds before the flip.
      baseline.reset(healthy, opts.rate);
      for (let s = 0; s < H; s++) baseline.step(rng);
      clock.advance(H * 1000);
      baselineSpan = { from: clock.now() - H * 1000, to: clock.now() };
      candidate.reset(onset > 0 ? healthy : scenario.candidate, candidateRate);
    }
    const startMs = clock.now();
    reader.register(candidate, startMs);
    reader.register(baseline, canary ? startMs : startMs - H * 1000);
    const ctx: ReleaseContext = {
      scenario,
      candidate,
      baseline,
      reader,
      startMs,
      baselineSpan,
      candidateShare: canary ? opts.canaryShare : 1,
    };
    ds.forEach((d) => d.start(ctx));
    const alarmed = ds.map(() => false);
    for (let t = 1; t <= H; t++) {
      if (onset > 0 && t === onset + 1) candidate.behave(scenario.candidate, candidateRate);
      candidate.step(rng);
      if (canary) baseline.step(rng);
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
      });
    }
    const conversionMargin = canary ? 0.05 : 0;
    if (
      fixedHorizonRejects(
        scenario,
        candidate,
        baseline,
        0.01 / 3,
        conversionMargin,
        0.2,
        0.5,
        tables.grid.values,
      )
    )
      rejects++;
    clock.advance(60_000);
  }
  return { scenario, releases, horizonSec: H, deciders: outcomes, fixedHorizonRejects: rejects };
}
