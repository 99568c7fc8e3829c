/**
 * How often one data trigger rolls back a healthy canary: many A/A releases (both arms draw every
 * feature and item from one distribution) judged every 5 s by that trigger alone, at the level
 * its test gets in the decision bench's judge (alpha 0.01 over 6 tested triggers), on one step of
 * a fixed weight. Every rollback is a false one; the test's union bound says the rate is at most
 * the level. `npx tsx bench/decisions/data-trigger-rate.ts --trigger 'hard: psi(feature) > 0.2'
 * [--share 0.01] [--seconds 300] [--releases 5000] [--alpha 0.00167] [--seed 1]`.
 */
import { Command } from 'commander';

import { createJudge } from '../../src/analysis/index.js';
import { ArmStream } from './arm-stream.js';
import { BenchReader } from './bench-reader.js';
import { MODEL } from './deciders/decider.js';
import { clopperPearson } from './intervals.js';
import { Rng } from './random.js';
import { HEALTHY } from './scenarios.js';
import { buildTables, FULL } from './simulate.js';

const o = new Command()
  .option('--trigger <text>', 'the trigger to judge alone', 'hard: psi(feature) > 0.2')
  .option('--share <x>', "the candidate's share of the traffic", (v) => Number(v), 0.01)
  .option('--seconds <n>', 'length of the step', (v) => Number(v), 300)
  .option('--releases <n>', 'A/A releases', (v) => Number(v), 5000)
  .option(
    '--alpha <x>',
    "the trigger's level (the judge's alpha over its tested triggers)",
    (v) => Number(v),
    0.01 / 6,
  )
  .option('--seed <n>', 'random seed', (v) => Number(v), 1)
  .parse()
  .opts<{ trigger: string; share: number; seconds: number; releases: number; alpha: number; seed: number }>();

const tables = buildTables();
const candidate = new ArmStream('candidate', o.seconds, tables);
const baseline = new ArmStream('baseline', o.seconds, tables);
const u0 = process.cpuUsage();
const t0 = performance.now();
let alarms = 0;
const at: number[] = [];
for (let r = 0; r < o.releases; r++) {
  const rng = new Rng(o.seed * 9_000_011 + r);
  const start = Date.UTC(2026, 0, 1) + r * (o.seconds + 60) * 1000;
  const reader = new BenchReader();
  candidate.reset(HEALTHY, FULL.rate * o.share);
  baseline.reset(HEALTHY, FULL.rate * (1 - o.share));
  reader.register(candidate, start);
  reader.register(baseline, start);
  const judge = createJudge({ triggers: [o.trigger], alpha: o.alpha });
  for (let t = 1; t <= o.seconds; t++) {
    candidate.step(rng);
    baseline.step(rng);
    if (t % FULL.tickSec !== 0) continue;
    const d = judge.evaluate(
      {
        model: MODEL,
        candidate: candidate.release,
        baseline: baseline.release,
        candidateShare: o.share,
        now: start + t * 1000,
        since: start,
      },
      reader,
    );
    if (d.verdict !== 'MONITOR') {
      alarms++;
      at.push(t);
      break;
    }
  }
}
const u = process.cpuUsage(u0);
const ci = clopperPearson(alarms, o.releases, 0.025);
const pct = (x: number): string => `${(100 * x).toFixed(3)} %`;
console.log(
  `${o.trigger} at a ${100 * o.share} % canary for ${o.seconds} s, level ${o.alpha.toPrecision(3)}: ` +
    `${alarms} of ${o.releases} A/A releases rolled back, ${pct(alarms / o.releases)} (95 % CI ${pct(ci.lower)}–${pct(ci.upper)}), ` +
    `${(alarms / o.releases / o.alpha).toFixed(2)}× the level; at ${at.join(', ') || '–'} s. ` +
    `${((performance.now() - t0) / 1000).toFixed(0)} s wall, ${((u.user + u.system) / 1e6).toFixed(0)} s CPU`,
);
