import { createJudge } from '../../src/analysis/index.js';
import { ArmStream, type Tables } from './arm-stream.js';
import { BenchReader } from './bench-reader.js';
import { MODEL } from './deciders/decider.js';
import { BASE } from './distributions.js';
import { clopperPearson } from './intervals.js';
import { Rng } from './random.js';
import { HEALTHY, type ArmModel } from './scenarios.js';
import type { SimOptions } from './simulate.js';

/** The level each calibration judge runs at: one trigger, so its one test gets all of it. */
export const CALIBRATION_ALPHA = 0.05;

/** One always-valid test, and a release sitting exactly on its null boundary. */
export interface CalibrationCase {
  test: string;
  trigger: string;
  mode: 'canary' | 'blue-green';
  /** The candidate: exactly at the trigger's limit (the baseline is healthy). */
  candidate: ArmModel;
  boundary: string;
  /** The candidate's share of traffic on a canary (default: the run's `canaryShare`). */
  share?: number;
}

/** Ratio of consecutive DDSketch bins at the telemetry's 1 % relative accuracy. */
const SKETCH_GAMMA = 1.01 / 0.99;

/** Healthy p95 of the simulated latency (lognormal, median 100 ms, sigma 0.4). */
const HEALTHY_P95 = BASE.latencyMedianMs * Math.exp(BASE.latencySigma * 1.6448536269514722);

export const CALIBRATION_CASES: readonly CalibrationCase[] = [
  {
    test: 'error rate, relative, baseline alongside: counting-process e-value',
    trigger: 'hard: error rate up > 50%',
    mode: 'canary',
    candidate: { ...HEALTHY, errorRate: 1.5 * HEALTHY.errorRate },
    boundary: 'errors 0.45 % beside 0.3 % (+50 %)',
  },
  {
    test: 'error rate, relative vs the span before the flip: mSPRT',
    trigger: 'hard: error rate up > 50%',
    mode: 'blue-green',
    candidate: { ...HEALTHY, errorRate: 1.5 * HEALTHY.errorRate },
    boundary: 'errors 0.45 % after 0.3 % (+50 %)',
  },
  {
    test: 'error rate, absolute: mSPRT',
    trigger: 'hard: error rate > 1%',
    mode: 'canary',
    candidate: { ...HEALTHY, errorRate: 0.01 },
    boundary: 'errors 1 %',
  },
  {
    test: 'p95 latency, relative, baseline alongside: blocked pooled exceedances',
    trigger: 'hard: p95 latency up > 30%',
    mode: 'canary',
    candidate: { ...HEALTHY, latencyScale: 1.3 },
    boundary: 'every latency ×1.3 (p95 +30 %)',
  },
  {
    test: 'p95 latency, absolute: exceedance mSPRT',
    trigger: 'hard: p95 latency > 200ms',
    mode: 'canary',
    candidate: { ...HEALTHY, latencyScale: 200 / HEALTHY_P95 },
    boundary: 'p95 exactly 200 ms',
  },
  {
    test: 'kpi, relative, non-inferiority margin: mSPRT',
    trigger: 'hard: kpi conversion down > 5%',
    mode: 'canary',
    candidate: { ...HEALTHY, conversion: 0.95 * HEALTHY.conversion },
    boundary: 'conversion 9.5 % beside 10 % (−5 %)',
  },
  {
    test: 'kpi, relative vs the span before the flip: mSPRT and a z-test at the horizon',
    trigger: 'hard: kpi conversion down > 0%',
    mode: 'blue-green',
    candidate: HEALTHY,
    boundary: 'conversion 10 % after 10 %',
  },
  {
    test: 'kpi, absolute: mSPRT',
    trigger: 'hard: kpi conversion < 0.1',
    mode: 'canary',
    candidate: HEALTHY,
    boundary: 'conversion 10 %',
  },
  {
    test: 'input null rate, absolute, with significance: mSPRT',
    trigger: 'hard: input null rate > 2% with significance',
    mode: 'canary',
    candidate: { ...HEALTHY, nullRate: 0.02 },
    boundary: 'null rate 2 %',
  },
  // The data triggers' tests alone: at a limit of 0 any distance breaches, so a rollback is the
  // spent homogeneity test rejecting two releases that draw from one distribution.
  {
    test: 'psi and js: G-test pooled and category split, spent across looks and checkpoints',
    trigger: 'hard: psi(feature) > 0',
    mode: 'canary',
    candidate: HEALTHY,
    boundary: 'one feature distribution (limit 0: the test alone)',
  },
  {
    test: 'psi and js: G-test pooled and category split, spent across looks and checkpoints',
    trigger: 'hard: psi(feature) > 0',
    mode: 'canary',
    candidate: HEALTHY,
    boundary: 'one feature distribution at a 1 % canary (limit 0: the test alone)',
    share: 0.01,
  },
  {
    test: 'ks: binned two-sample KS, spent across looks and checkpoints',
    trigger: 'hard: ks(feature) > 0',
    mode: 'canary',
    candidate: HEALTHY,
    boundary: 'one feature distribution (limit 0: the test alone)',
  },
  {
    test: 'diversity: G-test pooled and item split, spent across looks and checkpoints',
    trigger: 'hard: prediction diversity down > 0%',
    mode: 'canary',
    candidate: HEALTHY,
    boundary: 'one item distribution (limit 0: the test alone, one-sided)',
  },
  {
    // The decision table's trigger, at the limit its test tests: +20 % rounded up to whole sketch
    // bins (10 bins, +22.1 %); at exactly ×1.2 a release sits inside the null by that rounding.
    // Last, so the cases before keep their seeds.
    test: 'p95 latency, relative, baseline alongside: blocked pooled exceedances',
    trigger: 'hard: p95 latency up > 20%',
    mode: 'canary',
    candidate: {
      ...HEALTHY,
      latencyScale: SKETCH_GAMMA ** Math.ceil(Math.log(1.2) / Math.log(SKETCH_GAMMA)),
    },
    boundary: 'every latency ×1.221 (+20 % rounded up to whole sketch bins)',
  },
];

export interface CalibrationResult {
  case: CalibrationCase;
  releases: number;
  horizonSec: number;
  alarms: number;
  /** Two-sided 95 % Clopper–Pearson interval of the false-alarm rate. */
  lower: number;
  upper: number;
  cpuSec: number;
}

/**
 * Runs one boundary case: releases sitting exactly at the limit, judged by that trigger alone every
 * tick to the horizon (canary: the run's share beside the baseline; blue/green: against the span
 * before the flip). Every rollback is a false alarm of the test at its null boundary.
 */
export function runCalibration(
  c: CalibrationCase,
  opts: SimOptions,
  tables: Tables,
  releases: number,
  index: number,
): CalibrationResult {
  const u0 = process.cpuUsage();
  const canary = c.mode === 'canary';
  const H = canary ? opts.canaryHorizonSec : opts.blueGreenHorizonSec;
  const candidate = new ArmStream('candidate', H, tables);
  const baseline = new ArmStream('baseline', H, tables);
  const share = canary ? (c.share ?? opts.canaryShare) : 1;
  let alarms = 0;
  for (let r = 0; r < releases; r++) {
    const rng = new Rng(opts.seed * 7_000_003 + index * 10_007 + r);
    const start = Date.UTC(2026, 0, 1) + r * 2 * (H + 60) * 1000;
    const reader = new BenchReader();
    baseline.reset(HEALTHY, opts.rate * (canary ? 1 - share : 1));
    if (!canary) for (let s = 0; s < H; s++) baseline.step(rng);
    const flip = canary ? start : start + H * 1000;
    candidate.reset(c.candidate, opts.rate * share);
    reader.register(candidate, flip);
    reader.register(baseline, start);
    const judge = createJudge({ triggers: [c.trigger], alpha: CALIBRATION_ALPHA });
    for (let t = 1; t <= H; t++) {
      candidate.step(rng);
      if (canary) baseline.step(rng);
      if (t % opts.tickSec !== 0) continue;
      const decision = judge.evaluate(
        {
          model: MODEL,
          candidate: candidate.release,
          baseline: baseline.release,
          candidateShare: share,
          now: flip + t * 1000,
          since: flip,
          baselineSpan: canary ? undefined : { from: start, to: flip },
        },
        reader,
      );
      if (decision.verdict !== 'MONITOR') {
        alarms++;
        break;
      }
    }
  }
  const ci = clopperPearson(alarms, releases, 0.025);
  const u = process.cpuUsage(u0);
  return { case: c, releases, horizonSec: H, alarms, ...ci, cpuSec: (u.user + u.system) / 1e6 };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The calibration table: each test's false-alarm rate at its boundary, its 95 % interval, and whether it stays within alpha. */
export function calibrationTable(results: CalibrationResult[]): string {
  const lines = [
    `| always-valid test | trigger | release at the boundary | releases | false alarms | rate (95 % CI) | ≤ alpha ${pct(CALIBRATION_ALPHA)}? |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const rate = r.alarms / r.releases;
    const verdict =
      r.lower > CALIBRATION_ALPHA ? 'no (above, significantly)' : rate <= CALIBRATION_ALPHA ? 'yes' : 'no';
    lines.push(
      `| ${r.case.test} | \`${r.case.trigger}\` | ${r.case.boundary} (${r.case.mode}) | ${r.releases} | ${r.alarms} | ${pct(rate)} (${pct(r.lower)}–${pct(r.upper)}) | ${verdict} |`,
    );
  }
  return lines.join('\n');
}
