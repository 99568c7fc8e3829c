/**
 * Control-plane scale benchmark: many concurrent canary rollouts reconciled by one controller at
 * 1 s ticks, each configuration in its own process pinned to one core (taskset), on SQLite and
 * on PostgreSQL when reachable. Prints tick latency, CPU share and store traffic; with a tick
 * over the 1 s interval, a CPU profile of the ticks says what dominates.
 * `npm run bench:scale [-- --quick]`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { Command } from 'commander';
import pg from 'pg';
import { format, resolveConfig } from 'prettier';
import type { ScaleResult } from './scale-worker.js';
import { compileWorker } from './compile-worker.js';
import { writeResults } from './write-results.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const program = new Command()
  .name('bench:scale')
  .option('--quick', 'smoke run: 100 rollouts on SQLite only; does not write RESULTS.md')
  .option('--rollouts <n>', 'concurrent rollouts', (v) => Number(v), 1000)
  .option('--seconds <n>', 'measured seconds per configuration (at least 3 ticks)', (v) => Number(v), 30)
  .option('--age <s>', 'seconds the rollouts have been in their 5 % step when measured', (v) => Number(v), 60)
  .option(
    '--postgres <url>',
    'PostgreSQL to measure too',
    process.env['RIPCORD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  )
  .option(
    '--semi-space <MB>',
    "V8's young-generation semi-space for the controller process (--max-semi-space-size), as the README sizes a 1,000-rollout controller; 0 = Node's default",
    (v) => Number(v),
    32,
  )
  .option(
    '--tsx',
    'run the worker through the tsx loader instead of compiled JavaScript (the default, as `ripcord up` runs dist/)',
  )
  .option(
    '--old-space <MB>',
    "V8's old-generation cap for the controller process (--max-old-space-size), as the README sizes a 1,000-rollout controller; 0 = Node's default",
    (v) => Number(v),
    256,
  )
  .option('--no-write', 'print only; leave RESULTS.md alone')
  .parse();
const o = program.opts<{
  quick?: boolean;
  rollouts: number;
  seconds: number;
  age: number;
  postgres: string;
  semiSpace: number;
  oldSpace: number;
  tsx?: boolean;
  write: boolean;
}>();
const worker = o.tsx
  ? { loader: ['--import', 'tsx'], file: path.join(here, 'scale-worker.ts') }
  : compileWorker();

interface Config {
  label: string;
  database: string;
  rollouts: number;
  /** Seconds into the step; default --age. */
  age?: number;
  /** Measured seconds; default --seconds. */
  seconds?: number;
  /** --max-semi-space-size in MB; default --semi-space (0: Node's default). */
  semiSpace?: number;
  profile?: boolean;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pinned = spawnSync('sh', ['-c', 'command -v taskset']).status === 0;

const semiSpaceOf = (config: Config): number => config.semiSpace ?? o.semiSpace;

function runWorker(config: Config, seconds: number, age: number): Promise<ScaleResult> {
  const args = [
    ...(semiSpaceOf(config) > 0 ? [`--max-semi-space-size=${semiSpaceOf(config)}`] : []),
    ...(o.oldSpace > 0 ? [`--max-old-space-size=${o.oldSpace}`] : []),
    ...worker.loader,
    worker.file,
    '--database',
    config.database,
    '--rollouts',
    String(config.rollouts),
    '--seconds',
    String(seconds),
    '--age',
    String(age),
    ...(config.profile ? ['--profile'] : []),
  ];
  // One core for the controller process (the database server, if any, runs where it runs).
  const [command, ...rest] = pinned
    ? ['taskset', '-c', '0', process.execPath, ...args]
    : [process.execPath, ...args];
  const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${config.label}: worker exited ${code}`));
      else resolve(JSON.parse(line) as ScaleResult);
    });
  });
}

const started = performance.now();
const configs: Config[] = o.quick
  ? [{ label: 'SQLite', database: 'sqlite', rollouts: 100, profile: true }]
  : [
      {
        label: 'SQLite',
        database: 'sqlite',
        rollouts: Math.round(o.rollouts / 10),
        age: Math.round(o.age / 3),
      },
      { label: 'SQLite', database: 'sqlite', rollouts: Math.round(o.rollouts / 10) },
      { label: 'SQLite', database: 'sqlite', rollouts: o.rollouts, age: Math.round(o.age / 3) },
      { label: 'SQLite', database: 'sqlite', rollouts: o.rollouts, profile: true },
      // Minutes into the step: windows reach across sealed minutes, and the measured ticks cross a seal.
      { label: 'SQLite', database: 'sqlite', rollouts: o.rollouts, age: o.age * 3, seconds: 2 * o.seconds },
      // The same as the profiled run with the other young generation (Node's default or 64 MB), for the GC's share.
      { label: 'SQLite', database: 'sqlite', rollouts: o.rollouts, semiSpace: o.semiSpace > 0 ? 0 : 64 },
    ];
if (!o.quick && (await reachable(o.postgres))) {
  configs.push(
    { label: 'PostgreSQL', database: o.postgres, rollouts: Math.round(o.rollouts / 10) },
    { label: 'PostgreSQL', database: o.postgres, rollouts: o.rollouts, age: Math.round(o.age / 3) },
    { label: 'PostgreSQL', database: o.postgres, rollouts: o.rollouts },
  );
} else if (!o.quick) {
  console.error(`PostgreSQL not reachable at ${o.postgres}: SQLite only`);
}

const results: { config: Config; result: ScaleResult }[] = [];
for (const config of configs) {
  console.error(`${config.label}: ${config.rollouts} rollouts …`);
  const result = await runWorker(
    config,
    o.quick ? 8 : (config.seconds ?? o.seconds),
    o.quick ? 30 : (config.age ?? o.age),
  );
  results.push({ config, result });
  console.error(
    `  tick p50 ${result.tickMs.p50.toFixed(0)} ms, p99 ${result.tickMs.p99.toFixed(0)} ms; ` +
      `CPU ${(result.cpuShare.ticks * 100).toFixed(0)} % ticks, ${(result.cpuShare.process * 100).toFixed(0)} % process`,
  );
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const HEADER = [
  'configuration',
  'rollouts',
  'age s',
  'semi-space MB',
  'ticks',
  'tick p50 ms',
  'tick p99 ms',
  'tick max ms',
  'ticks > 1 s',
  'CPU: ticks',
  'CPU: telemetry import',
  'CPU: process',
  'GC ms/s: minor / major',
  'import max ms',
  'store writes/s',
  'store reads/s',
  'RSS MB',
  'RSS high-water MB',
];
const rows = results.map(({ config, result: r }) => [
  config.label,
  String(r.rollouts),
  String(r.ageSec),
  semiSpaceOf(config) > 0 ? String(semiSpaceOf(config)) : 'default',
  String(r.ticks),
  fmt(r.tickMs.p50),
  fmt(r.tickMs.p99),
  fmt(r.tickMs.max),
  `${r.overruns}/${r.ticks}`,
  `${fmt(r.cpuShare.ticks * 100)} %`,
  `${fmt(r.cpuShare.telemetry * 100)} %`,
  `${fmt(r.cpuShare.process * 100)} %`,
  `${r.gcMsPerSecond.minor} / ${r.gcMsPerSecond.major}`,
  fmt(r.importMaxMs),
  fmt(r.perSecond.writes, 1),
  fmt(r.perSecond.reads, 0),
  fmt(r.rssMb),
  fmt(r.rssMaxMb),
]);
const table = new Table({ head: HEADER, style: { head: [], border: [] } });
table.push(...rows);
console.log(table.toString());
const profiled = results.find((r) => r.result.profile);
if (profiled?.result.profile) {
  console.log(
    `CPU profile of the ticks (${profiled.config.label}, ${profiled.result.rollouts} rollouts), self time:`,
  );
  for (const f of profiled.result.profile.files.slice(0, 6))
    console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
  for (const f of profiled.result.profile.functions.slice(0, 8))
    console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
}
// The target for one controller: 1,000 rollouts under 512 MB of RSS with tick p99 under 1 s.
for (const { config, result: r } of results.filter((x) => x.result.rollouts >= 1000)) {
  const met = r.rssMaxMb < 512 && r.tickMs.p99 < 1000;
  console.log(
    `target (${r.rollouts} rollouts, ${r.ageSec} s into the step, ${config.label}): RSS high-water ${fmt(r.rssMaxMb)} MB ` +
      `(< 512), tick p99 ${fmt(r.tickMs.p99)} ms (< 1,000): ${met ? 'met' : 'not met'}`,
  );
}
const seconds = (performance.now() - started) / 1000;
console.log(`${seconds.toFixed(0)} s wall clock${pinned ? '; workers pinned to core 0' : ''}`);

if (!o.quick && o.write) {
  const file = path.join(here, 'RESULTS.md');
  const text = writeResults({
    header: HEADER,
    rows,
    results,
    seconds,
    pinned,
    semiSpaceMb: o.semiSpace,
    oldSpaceMb: o.oldSpace,
    load: os.loadavg()[0] ?? 0,
  });
  writeFileSync(file, await format(text, { ...(await resolveConfig(file)), filepath: file }));
  console.log(`wrote ${file}`);
}
