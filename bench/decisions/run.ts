/**
 * Decision-quality benchmark: simulated releases with and without injected regressions, on
 * stationary and non-stationary backgrounds, judged by ripcord and two peer policies on the same
 * streams; and the calibration of each always-valid test at its null boundary.
 * `npm run bench:decisions [-- --quick]`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Command } from 'commander';
import { format, resolveConfig } from 'prettier';

import {
  calibrationTable,
  CALIBRATION_CASES,
  runCalibration,
  type CalibrationResult,
} from './calibration.js';
import {
  checkTargets,
  falseAlarmCauses,
  markdownTable,
  regressionCauses,
  rows,
  summaryTable,
  terminalTable,
} from './report.js';
import { BACKGROUND_SCENARIOS, SCENARIOS } from './scenarios.js';
import type { Tables } from './arm-stream.js';
import { runPool, serve, type WorkItem } from './pool.js';
import { buildTables, FULL, runScenario, type ScenarioResult, type SimOptions } from './simulate.js';
import { writeResults } from './write-results.js';

const program = new Command()
  .name('bench:decisions')
  .option('--quick', 'a fast smoke run: few releases, 20-minute canaries; does not write RESULTS.md')
  .option('--releases <n>', 'releases per A/A scenario', (v) => Number(v))
  .option('--regression-releases <n>', 'releases per regression scenario', (v) => Number(v))
  .option('--calibration-releases <n>', 'releases per calibration case', (v) => Number(v))
  .option('--seed <n>', 'random seed', (v) => Number(v))
  .option('--tick <seconds>', "ripcord's evaluation period", (v) => Number(v))
  .option('--since <mode>', 'on weight steps, judge since the step start, the rollout start, or both', 'both')
  .option('--only <text>', 'run the scenarios and calibration cases whose name contains this text')
  .option('--no-calibration', 'skip the calibration cases')
  .option('--no-write', 'print only; leave RESULTS.md alone')
  .option('--save <file>', 'also save the measured figures as JSON')
  .option('--render <file>', 'simulate nothing: print and write RESULTS.md from figures saved by --save')
  .option('--note <text>', 'what else ran on the machine, for RESULTS.md')
  .option(
    '--record-before <label>',
    "write BEFORE.md: ripcord's rows of this run, kept in RESULTS.md beside later runs",
  )
  .option('--jobs <n>', 'child processes to simulate on (default: one per core)', (v) => Number(v))
  .option('--serve', 'internal: run as a child of --jobs')
  .parse();
const o = program.opts<{
  quick?: boolean;
  releases?: number;
  regressionReleases?: number;
  calibrationReleases?: number;
  seed?: number;
  tick?: number;
  since: string;
  only?: string;
  calibration: boolean;
  write: boolean;
  save?: string;
  render?: string;
  jobs?: number;
  serve?: boolean;
  note?: string;
  recordBefore?: string;
}>();
if (!['step', 'rollout', 'both'].includes(o.since))
  program.error(`--since must be step, rollout or both (got ${o.since})`);

const QUICK = { releasesAA: 20, releasesRegression: 10, canaryHorizonSec: 1200, blueGreenHorizonSec: 600 };
const opts: SimOptions = {
  ...FULL,
  ...(o.quick ? QUICK : {}),
  ...(o.releases ? { releasesAA: o.releases } : {}),
  ...(o.regressionReleases ? { releasesRegression: o.regressionReleases } : {}),
  ...(o.seed ? { seed: o.seed } : {}),
  ...(o.tick ? { tickSec: o.tick } : {}),
  since: o.since as SimOptions['since'],
};
const calibrationReleases = o.calibrationReleases ?? (o.quick ? 40 : 500);

interface Saved {
  opts: SimOptions;
  calibrationReleases: number;
  results: ScenarioResult[];
  calibration: CalibrationResult[];
  seconds: number;
  cpuSec: number;
  load: number;
  jobs: number;
}

const ALL = [...SCENARIOS, ...BACKGROUND_SCENARIOS];
const matches = (...names: (string | undefined)[]): boolean =>
  !o.only || names.some((n) => n !== undefined && n.includes(o.only!));

function runItem(item: WorkItem, tables: Tables): ScenarioResult | CalibrationResult {
  const t0 = performance.now();
  const r =
    item.kind === 'scenario'
      ? runScenario(ALL[item.index]!, opts, tables, item.index)
      : runCalibration(CALIBRATION_CASES[item.index]!, opts, tables, calibrationReleases, item.index);
  const name = 'scenario' in r ? r.scenario.name : `calibration ${r.case.trigger} (${r.case.mode})`;
  console.error(
    `${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${r.cpuSec.toFixed(1)} s CPU`,
  );
  // ripcord's false rollbacks by release index: `diagnose-release.ts --only <scenario> --release <r>` replays one.
  if ('scenario' in r)
    for (const d of r.deciders.filter((x) => x.name.startsWith('ripcord')))
      for (const f of d.falseRollbacks.slice(0, 10))
        console.error(
          `  ${d.name}: release ${f.release} rolled back at ${f.atSec} s (no fault yet) by ${f.cause}`,
        );
  return r;
}

async function simulate(): Promise<Saved> {
  const started = performance.now();
  const load0 = loadavg()[0]!;
  // The long items first (A/A releases run to the horizon), so the children finish together.
  const scenarios = ALL.flatMap((s, index): WorkItem[] =>
    matches(s.name, s.background?.name) ? [{ kind: 'scenario', index }] : [],
  );
  const aa = (w: WorkItem) => ALL[w.index]!.regression === 'none';
  const items: WorkItem[] = [
    ...scenarios.filter(aa),
    ...(o.calibration
      ? CALIBRATION_CASES.flatMap((c, index): WorkItem[] =>
          matches(c.test, c.trigger) ? [{ kind: 'calibration', index }] : [],
        )
      : []),
    ...scenarios.filter((w) => !aa(w)),
  ];
  const jobs = Math.max(1, o.jobs ?? cpus().length);
  let done: (ScenarioResult | CalibrationResult)[];
  const own0 = process.cpuUsage();
  if (jobs === 1) {
    const tables = buildTables();
    done = items.map((item) => runItem(item, tables));
  } else {
    const replies = await runPool(items, jobs, process.argv.slice(2));
    // Functions (a background's generator) do not cross the process boundary: take the parent's own.
    done = replies.map((r, i) => {
      const item = items[i]!;
      return item.kind === 'scenario'
        ? { ...(r as ScenarioResult), scenario: ALL[item.index]! }
        : { ...(r as CalibrationResult), case: CALIBRATION_CASES[item.index]! };
    });
  }
  const own = process.cpuUsage(own0);
  const results = done
    .filter((r): r is ScenarioResult => 'scenario' in r)
    .sort((a, b) => ALL.indexOf(a.scenario) - ALL.indexOf(b.scenario));
  const calibration = done.filter((r): r is CalibrationResult => 'case' in r);
  // CPU: what each item measured in the process that ran it, plus this process's own share when it did not.
  const cpuSec = done.reduce((a, r) => a + r.cpuSec, 0) + (jobs === 1 ? 0 : (own.user + own.system) / 1e6);
  const seconds = (performance.now() - started) / 1000;
  const load = (load0 + loadavg()[0]!) / 2;
  return { opts, calibrationReleases, results, calibration, seconds, cpuSec, load, jobs };
}

if (o.serve) {
  const tables = buildTables();
  serve((item) => runItem(item, tables));
} else await main();

async function main(): Promise<void> {
  const saved: Saved = o.render ? (JSON.parse(readFileSync(o.render, 'utf8')) as Saved) : await simulate();
  if (o.save) writeFileSync(o.save, JSON.stringify(saved));
  const { results, calibration, seconds, cpuSec, load, jobs } = saved;
  const all = rows(results);
  console.log(terminalTable(all));
  console.log(falseAlarmCauses(results));
  console.log(regressionCauses(results));
  if (calibration.length) console.log(calibrationTable(calibration));
  const checks = checkTargets(all);
  for (const c of checks) console.log(`${c.met ? 'MET ' : 'MISS'}  ${c.target}: ${c.measured}`);
  console.log(
    `${seconds.toFixed(0)} s wall clock, ${cpuSec.toFixed(0)} s CPU (${jobs} processes on ${cpus().length} cores, load average ~${load.toFixed(1)})`,
  );

  const here = dirname(fileURLToPath(import.meta.url));
  const beforeFile = join(here, 'BEFORE.md');
  if (o.recordBefore) {
    const text = [
      `${o.recordBefore} (${saved.opts.releasesAA} A/A and ${saved.opts.releasesRegression} regressed releases per scenario, seed ${saved.opts.seed}):`,
      summaryTable(all),
      ...(calibration.length ? ['Calibration at the null boundary:', calibrationTable(calibration)] : []),
    ].join('\n\n');
    writeFileSync(
      beforeFile,
      await format(text, { ...(await resolveConfig(beforeFile)), filepath: beforeFile }),
    );
    console.log(`wrote ${beforeFile}`);
  }

  if (!o.quick && o.write && !o.only) {
    const file = join(here, 'RESULTS.md');
    const text = writeResults({
      opts: saved.opts,
      table: markdownTable(all),
      causes: falseAlarmCauses(results),
      regressionCauses: regressionCauses(results),
      calibration: calibration.length ? calibrationTable(calibration) : undefined,
      calibrationReleases: saved.calibrationReleases,
      checks,
      seconds,
      cpuSec,
      load,
      jobs: saved.jobs,
      note: o.note,
      before: existsSync(beforeFile) ? readFileSync(beforeFile, 'utf8').trim() : undefined,
    });
    // Written as the repository's formatter would leave it, so format checks stay green.
    writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
    console.log(`wrote ${file}`);
  }
}
