/**
 * Replays a blue/green scenario's releases with the run's seeding (`simulate.ts`) and prints, per
 * release, when ripcord's judge rolled it back (or that it did not within the horizon) beside the
 * KPI reading it had then: both means, the z-score of the difference and the running p-value. To
 * tell a test short of power from one short of data. `npx tsx bench/decisions/diagnose-blue-green.ts
 * --only <scenario text> [--releases <n>] [--from <r>] [--misses] [--seed <n>]`.
 */
import { Command } from 'commander';

import { createJudge } from '../../src/analysis/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { ArmStream } from './arm-stream.js';
import { sharedSecond } from './backgrounds.js';
import { BenchReader } from './bench-reader.js';
import { MODEL } from './deciders/decider.js';
import { RIPCORD_ALPHA, RIPCORD_TRIGGERS, ripcordAlphaPerTest } from './deciders/ripcord.js';
import { HORIZON_WEIGHT } from '../../src/analysis/horizon-test.js';
import { normalQuantile } from '../../src/stats/index.js';
import { Rng } from './random.js';
import { BACKGROUND_SCENARIOS, SCENARIOS, backgroundOf, HEALTHY, onsetOf } from './scenarios.js';
import { buildTables, FULL } from './simulate.js';

const o = new Command()
  .requiredOption('--only <text>', 'the first blue/green scenario whose name contains this text')
  .option('--releases <n>', 'releases to replay', (v) => Number(v), 200)
  .option('--from <r>', 'the first release index', (v) => Number(v), 0)
  .option('--misses', 'print only the releases not rolled back')
  .option('--seed <n>', 'random seed', (v) => Number(v), 1)
  .parse()
  .opts<{ only: string; releases: number; from: number; misses?: boolean; seed: number }>();

const tables = buildTables();
const all = [...SCENARIOS, ...BACKGROUND_SCENARIOS];
const index = all.findIndex((s) => s.mode === 'blue-green' && s.name.includes(o.only));
const scenario = all[index];
if (!scenario) throw new Error(`--only: no blue/green scenario matches "${o.only}"`);
const bg = backgroundOf(scenario);
const rate = bg.rate ?? FULL.rate;
const H = bg.horizonSec ?? FULL.blueGreenHorizonSec;
const kpi = bg.kpiFeedback;
const warm = kpi?.maxDelaySec ?? 0;
const candidate = new ArmStream('candidate', H, tables);
const baseline = new ArmStream('baseline', warm + H, tables);
const clock = new ManualClock(Date.UTC(2026, 0, 1));
console.log(`${scenario.name} (index ${index}), seed ${o.seed}`);

const meanOf = (x: { n: number; sum: number }) => x.sum / x.n;
/** z of the candidate's mean below the baseline's (Bernoulli KPI: variance p(1 − p) a side). */
function zBelow(c: { n: number; sum: number }, b: { n: number; sum: number }): number {
  const pc = meanOf(c);
  const pb = meanOf(b);
  return (pb - pc) / Math.sqrt((pc * (1 - pc)) / c.n + (pb * (1 - pb)) / b.n);
}

let missed = 0;
/** z at the horizon of every release (the judge stopped or not), for its mean and spread. */
const horizonZ: number[] = [];
for (let r = o.from; r < o.from + o.releases; r++) {
  const rng = new Rng(o.seed * 1_000_003 + index * 10_007 + r);
  const env = bg.environment(rng, H, 1);
  const onset = onsetOf(scenario, rng);
  baseline.reset(HEALTHY, rate, kpi);
  for (let s = 0; s < warm + H; s++) baseline.step(rng);
  clock.advance(H * 1000);
  const baselineSpan = { from: clock.now() - H * 1000, to: clock.now() };
  candidate.reset(onset > 0 ? HEALTHY : scenario.candidate, rate, kpi);
  const startMs = clock.now();
  const reader = new BenchReader();
  reader.register(candidate, startMs);
  reader.register(baseline, startMs - (warm + H) * 1000);
  const judge = createJudge({ triggers: [...RIPCORD_TRIGGERS['blue-green']], alpha: RIPCORD_ALPHA });
  let at: number | undefined;
  let by = '';
  let pValue: number | undefined;
  for (let t = 1; t <= H; t++) {
    if (onset > 0 && t === onset + 1) candidate.behave(scenario.candidate, 0);
    candidate.step(rng, sharedSecond(env, t - 1, rate, 1));
    clock.advance(1000);
    if (t % FULL.tickSec !== 0) continue;
    const d = judge.evaluate(
      {
        model: MODEL,
        candidate: candidate.release,
        baseline: baseline.release,
        candidateShare: 1,
        now: startMs + t * 1000,
        since: startMs,
        baselineSpan,
      },
      reader,
    );
    pValue = d.readings.find((x) => x.trigger.includes('kpi'))?.pValue;
    if (d.verdict !== 'MONITOR') {
      at = t;
      by = d.trigger ?? '';
      break;
    }
  }
  // The rng drew every second the simulation drew only if the judge never stopped it early; the
  // next release reseeds, so an early stop changes nothing after it.
  const end = at ?? H;
  const c = candidate.kpiOver(0, end);
  const b = baseline.kpiOver(warm, warm + H);
  const z = zBelow(c, b);
  clock.advance(60_000);
  if (at === undefined) missed++;
  // The rest of the horizon, drawn as the run would not (it stops at the rollback): z at 600 s.
  for (let t = end + 1; t <= H; t++) candidate.step(rng, sharedSecond(env, t - 1, rate, 1));
  horizonZ.push(zBelow(candidate.kpiOver(0, H), b));
  if (o.misses && at !== undefined) continue;
  console.log(
    `release ${r}: ${at === undefined ? `not rolled back in ${H} s` : `rolled back at ${at} s by ${by}`}; ` +
      `candidate ${(100 * meanOf(c)).toFixed(3)} % of ${c.n}, baseline ${(100 * meanOf(b)).toFixed(3)} % of ${b.n}, ` +
      `z ${z.toFixed(2)}, baseline's own z ${((meanOf(b) - HEALTHY.conversion) / Math.sqrt((HEALTHY.conversion * (1 - HEALTHY.conversion)) / b.n)).toFixed(2)}, ` +
      `p ${pValue?.toExponential(2)}`,
  );
}
// The critical z of the judge's z-test at the horizon (its share of the KPI test's level).
const critical = normalQuantile(1 - ripcordAlphaPerTest('blue-green') * HORIZON_WEIGHT);
const mean = horizonZ.reduce((a, x) => a + x, 0) / horizonZ.length;
const sd = Math.sqrt(horizonZ.reduce((a, x) => a + (x - mean) ** 2, 0) / (horizonZ.length - 1));
console.log(
  `${missed} of ${o.releases} not rolled back within ${H} s; z at ${H} s: mean ${mean.toFixed(2)}, sd ${sd.toFixed(2)}, ` +
    `below the horizon z-test's ${critical.toFixed(2)}: ${horizonZ.filter((z) => z < critical).length}`,
);
