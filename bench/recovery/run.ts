/**
 * Time-to-recover benchmark, on the wall clock: fault onset at a real model server → 100 % of
 * traffic on the rollback target, through the control plane, in-process gateway and controller
 * as `ripcord up` runs them, at 500 req/s. Split into detection, decision and execution, beside
 * Argo/Flagger-style judgement of the same faults, the 90 s quoted for automated controllers and
 * 14 minutes by hand. `npm run bench:recovery [-- --quick]`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { Command } from 'commander';
import { format, resolveConfig } from 'prettier';
import { startLoadGenerator, startModelServers } from './children.js';
import { measureFixedThreshold } from './measure-fixed-threshold.js';
import type { FixedThresholdResult } from './measure-fixed-threshold.js';
import { startBenchPlane } from './bench-plane.js';
import { measureRipcordRun, sleep } from './measure-ripcord.js';
import type { RipcordRun } from './measure-ripcord.js';
import {
  comparisonHeader,
  comparisonTable,
  markdownTable,
  PHASE_HEADER,
  peerDetail,
  phaseTable,
  summarize,
} from './report.js';
import { SCENARIOS } from './scenarios.js';
import { writeResults } from './write-results.js';

const program = new Command()
  .name('bench:recovery')
  .option('--quick', 'smoke run: one run per fault, a 6 s peer interval; does not write RESULTS.md')
  .option('--runs <n>', 'ripcord runs per fault', (v) => Number(v))
  .option('--rate <n>', 'requests per second per model', (v) => Number(v), 500)
  .option('--warmup <s>', 'healthy seconds on the canary / after promotion before the fault', (v) =>
    Number(v),
  )
  .option('--interval <s>', 'Argo/Flagger-style measurement interval', (v) => Number(v))
  .option('--phases <n>', 'Argo/Flagger-style deciders per fault, spread over the interval', (v) => Number(v))
  .option('--only <text>', 'run the faults whose id contains this text')
  .option('--no-peer', 'skip the Argo/Flagger-style run')
  .option('--no-write', 'print only; leave RESULTS.md alone')
  .parse();
const o = program.opts<{
  quick?: boolean;
  runs?: number;
  rate: number;
  warmup?: number;
  interval?: number;
  phases?: number;
  only?: string;
  peer: boolean;
  write: boolean;
}>();

const settings = {
  runs: o.runs ?? (o.quick ? 1 : 5),
  rate: o.rate,
  warmupSec: o.warmup ?? 10,
  baselineSec: 10,
  warmProcessSec: o.quick ? 5 : 10,
  timeoutSec: 60,
  intervalSec: o.interval ?? (o.quick ? 6 : 60),
  failureLimit: 2,
  phases: o.phases ?? 6,
};
const scenarios = SCENARIOS.filter((s) => !o.only || s.id.includes(o.only));
const started = performance.now();
const loadBefore = os.loadavg()[0] ?? 0;

const servers = await startModelServers(scenarios.length);
const load = await startLoadGenerator();
const plane = await startBenchPlane();
const runs: RipcordRun[] = [];
const runLog: string[] = [];
let peers: FixedThresholdResult[] = [];
try {
  // A long-running control plane is warm: JIT, connection pools. Runs start after this.
  await plane.seedModel('recsys-warmup', { v1: servers.v1, v2: servers.candidates[0]! });
  load.start(plane.gatewayUrl, settings.rate, ['recsys-warmup']);
  await sleep(settings.warmProcessSec * 1000);
  await load.stop();
  for (let i = 0; i < settings.runs; i += 1) {
    for (const [index, scenario] of scenarios.entries()) {
      const run = await measureRipcordRun(
        scenario,
        plane,
        i + 1,
        servers,
        servers.candidates[index]!,
        load,
        settings,
      );
      runs.push(run);
      const t = run.timing;
      const line =
        `${scenario.id} run ${i + 1}: ` +
        (t
          ? `onset → traffic restored ${((t.trafficRestoredAt - t.onsetAt) / 1000).toFixed(2)} s (${run.trigger})`
          : (run.problem ?? 'no timing')) +
        (run.seen ? `; seen by the judge: ${run.seen}` : '');
      runLog.push(line);
      console.error(line);
    }
  }
  if (o.peer) {
    console.error(
      `Argo/Flagger-style: ${settings.intervalSec} s interval, failureLimit ${settings.failureLimit}, all faults at once`,
    );
    peers = await measureFixedThreshold(scenarios, plane, servers, load, {
      rate: settings.rate,
      intervalSec: settings.intervalSec,
      failureLimit: settings.failureLimit,
      phases: settings.phases,
      maxIntervals: settings.failureLimit + 4,
    });
  }
} finally {
  await plane.close();
  await load.close();
  await servers.close();
}

const summaries = summarize(scenarios, runs, peers);
const print = (header: string[], rows: string[][]): void => {
  const table = new Table({ head: header, style: { head: [], border: [] } });
  table.push(...rows);
  console.log(table.toString());
};
console.log('ripcord: seconds, median / p90');
print(PHASE_HEADER, phaseTable(summaries));
const compareHeader = comparisonHeader(peers[0]);
print(compareHeader, comparisonTable(summaries));
const details = summaries.map(peerDetail).filter(Boolean);
for (const line of details) console.log(line);
const problems = runs.filter((r) => r.problem).map((r) => `${r.scenario}: ${r.problem}`);
for (const line of problems) console.log(`problem: ${line}`);
const seconds = (performance.now() - started) / 1000;
const loadAfter = os.loadavg()[0] ?? 0;
console.log(
  `${seconds.toFixed(0)} s wall clock; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
);

if (!o.quick && o.write && !o.only) {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
  const text = writeResults({
    settings,
    phases: markdownTable(PHASE_HEADER, phaseTable(summaries)),
    comparison: markdownTable(compareHeader, comparisonTable(summaries)),
    details,
    problems,
    runLog,
    seconds,
    load: [loadBefore, loadAfter],
  });
  writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
  console.log(`wrote ${file}`);
}
