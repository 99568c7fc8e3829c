/**
 * Replays one simulated release of one scenario look by look, with the same seed and streams as
 * the run (`simulate.ts`), and prints one trigger's reading at every look until the judge rolls the
 * release back: to find why a false rollback happened. `npx tsx bench/decisions/diagnose-release.ts
 * --only <scenario text> --release <r> [--trigger <text>] [--since step|rollout] [--seed <n>]`.
 */
import { Command } from 'commander';

import { createJudge } from '../../src/analysis/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { ArmStream } from './arm-stream.js';
import { sharedSecond } from './backgrounds.js';
import { BenchReader } from './bench-reader.js';
import { judgeAt } from './judge-at.js';
import { RIPCORD_TRIGGERS, stepStartOf } from './deciders/ripcord.js';
import { Rng } from './random.js';
import { BACKGROUND_SCENARIOS, SCENARIOS, backgroundOf, HEALTHY, onsetOf } from './scenarios.js';
import { buildTables, FULL } from './simulate.js';

const o = new Command()
  .requiredOption('--only <text>', 'the first scenario whose name contains this text')
  .requiredOption('--release <r>', 'the release index within the scenario', (v) => Number(v))
  .option('--trigger <text>', 'the trigger to print', 'psi')
  .option('--since <mode>', 'on stepped backgrounds: step or rollout', 'step')
  .option('--seed <n>', 'random seed', (v) => Number(v), 1)
  .parse()
  .opts<{ only: string; release: number; trigger: string; since: string; seed: number }>();

const tables = buildTables();
const all = [...SCENARIOS, ...BACKGROUND_SCENARIOS];
const index = all.findIndex((s) => s.name.includes(o.only));
const scenario = all[index];
if (!scenario || scenario.mode !== 'canary')
  throw new Error(`--only: no canary scenario matches "${o.only}"`);
const bg = backgroundOf(scenario);
const rate = bg.rate ?? FULL.rate;
const H = bg.horizonSec ?? FULL.canaryHorizonSec;
const rng = new Rng(o.seed * 1_000_003 + index * 10_007 + o.release);
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
console.log(`${scenario.name} (index ${index}), release ${o.release}, onset ${onset} s`);
for (let t = 1; t <= H; t++) {
  const s = t - 1;
  if (onset > 0 && t === onset + 1) candidate.behave(scenario.candidate, 0);
  const share = env.share[s]!;
  candidate.step(rng, sharedSecond(env, s, rate, share));
  baseline.step(rng, sharedSecond(env, s, rate, 1 - share));
  clock.advance(1000);
  if (t % FULL.tickSec !== 0) continue;
  const stepStart = bg.stepped && o.since === 'step' ? stepStartOf(env.stepStarts, s) : 0;
  const d = judgeAt(
    judge,
    reader,
    { candidate, baseline },
    { startMs, t, share, sinceMs: startMs + stepStart * 1000 },
  );
  const r = d.readings.find((x) => x.trigger.includes(o.trigger))!;
  console.log(
    `t=${t} share=${share} ${r.status} p=${r.pValue?.toExponential(2)} ${r.message}\n  candidate ${candidate.featureCounts(stepStart, t).join(' ')}\n  baseline  ${baseline.featureCounts(stepStart, t).join(' ')}`,
  );
  if (d.verdict !== 'MONITOR') {
    console.log(`${d.verdict} by ${d.trigger} at t=${t} (${t - onset} s from the onset)`);
    break;
  }
}
