/**
 * Rollbacks by ripcord's canary judge in a scenario's first seconds, before any onset: the
 * regression rows' releases are healthy until their onset, so their early rollbacks should come
 * as often as the A/A row's (same streams but for the onset's draw). Runs the first `--seconds`
 * (or up to the onset) of `--releases` releases, judged since the rollout's start, and prints the
 * count and each rollback. `npx tsx bench/decisions/early-rollbacks.ts --only <scenario text>
 * [--releases 600] [--seconds 60] [--seed 1]`.
 */
import { Command } from 'commander';

import { createJudge } from '../../src/analysis/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { ArmStream } from './arm-stream.js';
import { sharedSecond } from './backgrounds.js';
import { BenchReader } from './bench-reader.js';
import { judgeAt } from './judge-at.js';
import { RIPCORD_ALPHA, RIPCORD_TRIGGERS } from './deciders/ripcord.js';
import { Rng } from './random.js';
import { BACKGROUND_SCENARIOS, SCENARIOS, backgroundOf, HEALTHY, onsetOf } from './scenarios.js';
import { buildTables, FULL } from './simulate.js';

const o = new Command()
  .requiredOption('--only <text>', 'the first scenario whose name contains this text')
  .option('--releases <n>', 'releases', (v) => Number(v), 600)
  .option('--seconds <n>', 'seconds judged (at most up to the onset)', (v) => Number(v), 60)
  .option('--seed <n>', 'random seed', (v) => Number(v), 1)
  .parse()
  .opts<{ only: string; releases: number; seconds: number; seed: number }>();

const tables = buildTables();
const all = [...SCENARIOS, ...BACKGROUND_SCENARIOS];
const index = all.findIndex((s) => s.name.includes(o.only));
const scenario = all[index];
if (!scenario || scenario.mode !== 'canary')
  throw new Error(`--only: no canary scenario matches "${o.only}"`);
const bg = backgroundOf(scenario);
const rate = bg.rate ?? FULL.rate;
const H = bg.horizonSec ?? FULL.canaryHorizonSec;
const candidate = new ArmStream('candidate', H, tables);
const baseline = new ArmStream('baseline', H, tables);
const rollbacks: string[] = [];
for (let r = 0; r < o.releases; r++) {
  // The run's seeding (simulate.ts), so release r here is release r there.
  const rng = new Rng(o.seed * 1_000_003 + index * 10_007 + r);
  const env = bg.environment(rng, H, FULL.canaryShare);
  const onset = onsetOf(scenario, rng);
  candidate.reset(HEALTHY, 0);
  baseline.reset(HEALTHY, 0);
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const reader = new BenchReader();
  const startMs = clock.now();
  reader.register(candidate, startMs);
  reader.register(baseline, startMs);
  const judge = createJudge({ triggers: [...RIPCORD_TRIGGERS.canary], alpha: RIPCORD_ALPHA });
  const end = onset > 0 ? Math.min(o.seconds, onset) : o.seconds;
  for (let t = 1; t <= end; t++) {
    const s = t - 1;
    const share = env.share[s]!;
    candidate.step(rng, sharedSecond(env, s, rate, share));
    baseline.step(rng, sharedSecond(env, s, rate, 1 - share));
    clock.advance(1000);
    if (t % FULL.tickSec !== 0) continue;
    const d = judgeAt(judge, reader, { candidate, baseline }, { startMs, t, share });
    if (d.verdict !== 'MONITOR') {
      rollbacks.push(`release ${r} at ${t} s by ${d.trigger}`);
      break;
    }
  }
}
console.log(
  `${scenario.name} (index ${index}, seed ${o.seed}): ${rollbacks.length} of ${o.releases} rolled back within ${o.seconds} s, before any onset`,
);
for (const line of rollbacks) console.log(`  ${line}`);
