/**
 * Where the p95 trigger's time to detect goes: for each simulated release of a canary p95
 * scenario, the first look at which the trigger's always-valid test rejects (p ≤ its alpha), the
 * first at which its effect-size condition holds (the reading is over the limit, significant or
 * not), and the first breach, all from the onset. `npx tsx bench/decisions/diagnose-latency.ts
 * [--only <scenario text>] [--releases <n>]`.
 */
import { Command } from 'commander';

import { createJudge } from '../../src/analysis/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { ArmStream } from './arm-stream.js';
import { sharedSecond, STATIONARY } from './backgrounds.js';
import { BenchReader } from './bench-reader.js';
import { judgeAt } from './judge-at.js';
import { RIPCORD_TRIGGERS } from './deciders/ripcord.js';
import { Rng } from './random.js';
import { BACKGROUND_SCENARIOS, SCENARIOS, backgroundOf, HEALTHY, onsetOf } from './scenarios.js';
import { buildTables, FULL } from './simulate.js';

const P95 = 'hard: p95 latency up > 20%';

const o = new Command()
  .option('--only <text>', 'scenarios whose name contains this text', 'p95')
  .option('--releases <n>', 'releases per scenario', (v) => Number(v), 50)
  .option('--seed <n>', 'random seed', (v) => Number(v), 1)
  .option(
    '--stationary',
    "the scenarios' onsets on the stationary background (is it the background or the onset?)",
  )
  .parse()
  .opts<{ only: string; releases: number; seed: number; stationary?: boolean }>();

const median = (xs: number[]): number | undefined => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined;
};

const tables = buildTables();
const all = [...SCENARIOS, ...BACKGROUND_SCENARIOS];
for (const [index, scenario] of all.entries()) {
  if (scenario.mode !== 'canary' || scenario.regression !== 'p95' || !scenario.name.includes(o.only))
    continue;
  const bg = o.stationary ? STATIONARY : backgroundOf(scenario);
  if (bg.stepped) continue;
  const rate = bg.rate ?? FULL.rate;
  const H = FULL.canaryHorizonSec;
  const firsts = { test: [] as number[], effect: [] as number[], breach: [] as number[] };
  let missed = 0;
  for (let r = 0; r < o.releases; r++) {
    const rng = new Rng(o.seed * 1_000_003 + index * 10_007 + r);
    const env = bg.environment(rng, H, FULL.canaryShare);
    const candidate = new ArmStream('candidate', H, tables);
    const baseline = new ArmStream('baseline', H, tables);
    const onset = onsetOf(scenario, rng);
    candidate.reset(onset > 0 ? HEALTHY : scenario.candidate, 0);
    baseline.reset(HEALTHY, 0);
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const reader = new BenchReader();
    const startMs = clock.now();
    reader.register(candidate, startMs);
    reader.register(baseline, startMs);
    const judge = createJudge({ triggers: [...RIPCORD_TRIGGERS.canary], alpha: 0.01 });
    const seen: { test?: number; effect?: number; breach?: number } = {};
    for (let t = 1; t <= H && seen.breach === undefined; t++) {
      const s = t - 1;
      if (onset > 0 && t === onset + 1) candidate.behave(scenario.candidate, 0);
      const share = env.share[s]!;
      candidate.step(rng, sharedSecond(env, s, rate, share));
      baseline.step(rng, sharedSecond(env, s, rate, 1 - share));
      clock.advance(1000);
      if (t % FULL.tickSec !== 0) continue;
      const d = judgeAt(judge, reader, { candidate, baseline }, { startMs, t, share });
      const p95 = d.readings.find((x) => x.trigger === P95)!;
      const rel = t - onset;
      if (p95.pValue !== undefined && p95.pValue <= judge.config.alphaPerTest) seen.test ??= rel;
      if (p95.status !== 'ok' && p95.status !== 'insufficient-data') seen.effect ??= rel;
      if (p95.message.includes('not significant yet')) seen.effect ??= rel;
      if (p95.status === 'breach') seen.breach = rel;
    }
    if (seen.breach === undefined) missed++;
    for (const k of ['test', 'effect', 'breach'] as const) if (seen[k] !== undefined) firsts[k].push(seen[k]);
    if (process.env.VERBOSE) console.log(r, onset, seen);
  }
  console.log(
    `${scenario.name}${o.stationary ? ' (stationary background)' : ''}: ${o.releases} releases, missed ${missed}; median from onset: test ${median(firsts.test)} s (${firsts.test.length}), effect ${median(firsts.effect)} s (${firsts.effect.length}), breach ${median(firsts.breach)} s`,
  );
}
