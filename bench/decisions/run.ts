/**
 * Decision-quality benchmark: simulated releases with and without injected regressions, judged by
 * ripcord and two peer policies on the same streams. `npm run bench:decisions [-- --quick]`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Command } from 'commander';
import { format, resolveConfig } from 'prettier';

import { checkTargets, falseAlarmCauses, markdownTable, rows, terminalTable } from './report.js';
import { SCENARIOS } from './scenarios.js';
import { buildTables, FULL, runScenario, type ScenarioResult, type SimOptions } from './simulate.js';
import { writeResults } from './write-results.js';

const program = new Command()
  .name('bench:decisions')
  .option('--quick', 'a fast smoke run: few releases, short horizons; does not write RESULTS.md')
  .option('--releases <n>', 'releases per A/A scenario', (v) => Number(v))
  .option('--regression-releases <n>', 'releases per regression scenario', (v) => Number(v))
  .option('--seed <n>', 'random seed', (v) => Number(v))
  .option('--only <text>', 'run the scenarios whose name contains this text')
  .option('--no-write', 'print only; leave RESULTS.md alone')
  .parse();
const o = program.opts<{
  quick?: boolean;
  releases?: number;
  regressionReleases?: number;
  seed?: number;
  only?: string;
  write: boolean;
}>();

const opts: SimOptions = {
  ...FULL,
  ...(o.quick
    ? { releasesAA: 20, releasesRegression: 10, canaryHorizonSec: 600, blueGreenHorizonSec: 600 }
    : {}),
  ...(o.releases ? { releasesAA: o.releases } : {}),
  ...(o.regressionReleases ? { releasesRegression: o.regressionReleases } : {}),
  ...(o.seed ? { seed: o.seed } : {}),
};

const tables = buildTables();
const results: ScenarioResult[] = [];
const started = performance.now();
SCENARIOS.forEach((scenario, i) => {
  if (o.only && !scenario.name.includes(o.only)) return;
  const t0 = performance.now();
  results.push(runScenario(scenario, opts, tables, i));
  console.error(`${scenario.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});
const all = rows(results);
console.log(terminalTable(all));
console.log(falseAlarmCauses(results));
const checks = checkTargets(all);
for (const c of checks) console.log(`${c.met ? 'MET ' : 'MISS'}  ${c.target}: ${c.measured}`);
const seconds = (performance.now() - started) / 1000;
console.log(`${seconds.toFixed(0)} s wall clock`);

if (!o.quick && o.write && !o.only) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
  const text = writeResults({
    opts,
    table: markdownTable(all),
    causes: falseAlarmCauses(results),
    checks,
    seconds,
  });
  // Written as the repository's formatter would leave it, so format checks stay green.
  writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
  console.log(`wrote ${file}`);
}
