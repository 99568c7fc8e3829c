/**
 * Decision-quality benchmark: simulated releases with and without injected regressions, on
 * stationary and non-stationary backgrounds, judged by ripcord and two peer policies on the same
 * streams; and the calibration of each always-valid test at its null boundary.
 * `npm run bench:decisions [-- --quick]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
import { checkTargets, falseAlarmCauses, markdownTable, rows, terminalTable } from './report.js';
import { BACKGROUND_SCENARIOS, SCENARIOS } from './scenarios.js';
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
}

function simulate(): Saved {
  const tables = buildTables();
  const started = performance.now();
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const cpu0 = cpu();
  const load0 = loadavg()[0]!;
  const results: ScenarioResult[] = [];
  [...SCENARIOS, ...BACKGROUND_SCENARIOS].forEach((scenario, i) => {
    if (o.only && !scenario.name.includes(o.only) && !(scenario.background?.name ?? '').includes(o.only))
      return;
    const t0 = performance.now();
    const r = runScenario(scenario, opts, tables, i);
    results.push(r);
    console.error(
      `${scenario.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${r.cpuSec.toFixed(1)} s CPU`,
    );
  });
  const calibration: CalibrationResult[] = [];
  if (o.calibration)
    CALIBRATION_CASES.forEach((c, i) => {
      if (o.only && !c.test.includes(o.only) && !c.trigger.includes(o.only)) return;
      const t0 = performance.now();
      const r = runCalibration(c, opts, tables, calibrationReleases, i);
      calibration.push(r);
      console.error(
        `calibration ${c.trigger} (${c.mode}): ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${r.cpuSec.toFixed(1)} s CPU`,
      );
    });
  const seconds = (performance.now() - started) / 1000;
  const cpuSec = cpu() - cpu0;
  const load = (load0 + loadavg()[0]!) / 2;
  return { opts, calibrationReleases, results, calibration, seconds, cpuSec, load };
}

const saved: Saved = o.render ? (JSON.parse(readFileSync(o.render, 'utf8')) as Saved) : simulate();
if (o.save) writeFileSync(o.save, JSON.stringify(saved));
const { results, calibration, seconds, cpuSec, load } = saved;
const all = rows(results);
console.log(terminalTable(all));
console.log(falseAlarmCauses(results));
if (calibration.length) console.log(calibrationTable(calibration));
const checks = checkTargets(all);
for (const c of checks) console.log(`${c.met ? 'MET ' : 'MISS'}  ${c.target}: ${c.measured}`);
console.log(
  `${seconds.toFixed(0)} s wall clock, ${cpuSec.toFixed(0)} s CPU (${cpus().length} cores, load average ~${load.toFixed(1)})`,
);

if (!o.quick && o.write && !o.only) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
  const text = writeResults({
    opts: saved.opts,
    table: markdownTable(all),
    causes: falseAlarmCauses(results),
    calibration: calibration.length ? calibrationTable(calibration) : undefined,
    calibrationReleases: saved.calibrationReleases,
    checks,
    seconds,
    cpuSec,
    load,
  });
  // Written as the repository's formatter would leave it, so format checks stay green.
  writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
  console.log(`wrote ${file}`);
}
