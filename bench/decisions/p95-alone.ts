/**
 * The p95 trigger alone on a stationary 5 % canary, fast enough for a thousand releases a
 * minute: time to detect a latency ×`scale` from a random onset in [from, to) s (1–5 minutes by
 * default, as on the backgrounds), or, with `--from 0 --to 0 --scale <the limit>`, false alarms
 * at the null boundary at `--alpha` (0.05 makes them countable). The trigger's test gets the
 * level it has in the decision bench's judge (0.01 / 6) unless `--alpha` says otherwise.
 * `npx tsx bench/decisions/p95-alone.ts [--releases 1000] [--rate 1000] [--scale 1.4]
 * [--from 60] [--to 300] [--alpha 0.00167] [--seed 11]`.
 */
import { Command } from 'commander';

import { createJudge } from '../../src/analysis/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { ArmStream } from './arm-stream.js';
import { BenchReader } from './bench-reader.js';
import { judgeAt } from './judge-at.js';
import { ripcordAlphaPerTest } from './deciders/ripcord.js';
import { Rng } from './random.js';
import { HEALTHY } from './scenarios.js';
import { buildTables, FULL } from './simulate.js';

const o = new Command()
  .option('--releases <n>', 'releases', (v) => Number(v), 1000)
  .option('--rate <n>', 'requests per second over both releases', (v) => Number(v), 1000)
  .option('--scale <x>', "the candidate's latency multiplier from the onset", (v) => Number(v), 1.4)
  .option('--from <s>', 'onsets from', (v) => Number(v), 60)
  .option('--to <s>', 'onsets before (from = to: that onset)', (v) => Number(v), 300)
  .option('--alpha <x>', "the test's level", (v) => Number(v), ripcordAlphaPerTest('canary'))
  .option('--seed <n>', 'random seed', (v) => Number(v), 11)
  .parse()
  .opts<{
    releases: number;
    rate: number;
    scale: number;
    from: number;
    to: number;
    alpha: number;
    seed: number;
  }>();

const H = FULL.canaryHorizonSec;
const share = FULL.canaryShare;
const faulty = { ...HEALTHY, latencyScale: o.scale };
const tables = buildTables();
const candidate = new ArmStream('candidate', H, tables);
const baseline = new ArmStream('baseline', H, tables);
const ttd: number[] = [];
let silent = 0;
const u0 = process.cpuUsage();
for (let r = 0; r < o.releases; r++) {
  const rng = new Rng(o.seed * 7_777_777 + r);
  const onset = o.from === o.to ? o.from : Math.floor(o.from + rng.next() * (o.to - o.from));
  candidate.reset(onset > 0 ? HEALTHY : faulty, share * o.rate);
  baseline.reset(HEALTHY, (1 - share) * o.rate);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const reader = new BenchReader();
  const startMs = clock.now();
  reader.register(candidate, startMs);
  reader.register(baseline, startMs);
  const judge = createJudge({ triggers: ['hard: p95 latency up > 20%'], alpha: o.alpha });
  let at: number | undefined;
  for (let t = 1; t <= H && at === undefined; t++) {
    if (onset > 0 && t === onset + 1) candidate.behave(faulty, share * o.rate);
    candidate.step(rng);
    baseline.step(rng);
    clock.advance(1000);
    if (t % FULL.tickSec !== 0) continue;
    const d = judgeAt(judge, reader, { candidate, baseline }, { startMs, t, share });
    if (d.verdict !== 'MONITOR') at = t - onset;
  }
  if (at === undefined) silent++;
  else ttd.push(at);
}
ttd.sort((a, b) => a - b);
const at = (p: number): number | undefined => ttd[Math.floor(p * (ttd.length - 1))];
const mean = ttd.reduce((a, b) => a + b, 0) / Math.max(1, ttd.length);
const u = process.cpuUsage(u0);
console.log(
  `${o.releases} releases, ×${o.scale} from ${o.from}–${o.to} s, alpha ${o.alpha.toPrecision(3)}: ` +
    `${ttd.length} rolled back (median ${at(0.5)} s, p90 ${at(0.9)} s, mean ${mean.toFixed(1)} s from the onset), ` +
    `${silent} never; ${((u.user + u.system) / 1e6).toFixed(0)} s CPU`,
);
