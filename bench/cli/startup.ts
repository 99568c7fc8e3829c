/**
 * CLI start-up: what one invocation costs, on the wall clock and in CPU time, for the commands a
 * user types most (`--version`, `get models` against a running control plane), beside the same
 * binary made to load every verb (`--help`: what every invocation paid before verbs were loaded
 * on demand) and beside the floor (`node -e 0`). Rounds alternate the commands, so a noisy
 * neighbour hits all of them alike; CPU time is the figure to compare on a shared machine.
 *
 *   npx tsx bench/cli/startup.ts [--rounds 15] [--note "what else ran"]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startControlPlane } from '../../src/server/start-control-plane.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '15' }, note: { type: 'string', default: '' } },
});
const rounds = Number(values.rounds);
const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ripcord-cli-bench-'));
const cpuFile = join(dir, 'cpu');
const plane = await startControlPlane({ dataDir: dir, port: 0 });

const bin = join(root, 'bin/ripcord.js');
const report = ['--import', join(root, 'bench/cli/report-cpu.mjs')];
const CASES: { name: string; args: string[] }[] = [
  { name: 'node -e 0 (floor)', args: [...report, '-e', '0'] },
  { name: 'ripcord --version', args: [...report, bin, '--version'] },
  {
    name: 'ripcord get models',
    args: [...report, bin, 'get', 'models', '--server', plane.url, '--data', dir],
  },
  { name: 'every verb loaded (--help)', args: [...report, bin, '--help'] },
];

const samples = new Map(CASES.map((c) => [c.name, { wall: [] as number[], cpu: [] as number[] }]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? CASES : [...CASES].reverse();
  for (const c of order) {
    rmSync(cpuFile, { force: true });
    const start = process.hrtime.bigint();
    // Asynchronously: the control plane `get` talks to runs in this process and must keep answering.
    await run(process.execPath, c.args, { env: { ...process.env, RIPCORD_BENCH_CPU: cpuFile } });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = Number(readFileSync(cpuFile, 'utf8').trim()) / 1e3;
    samples.get(c.name)!.wall.push(wall);
    samples.get(c.name)!.cpu.push(cpu);
  }
}
await plane.close();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const all = samples.get('every verb loaded (--help)')!;
const rows = CASES.map((c) => {
  const s = samples.get(c.name)!;
  return {
    name: c.name,
    wall: median(s.wall),
    cpu: median(s.cpu),
    ratio: median(s.cpu) / median(all.cpu),
  };
});
const load = loadavg()[0]!.toFixed(1);
const table = [
  '| command | wall, median (ms) | CPU, median (ms) | CPU ÷ every verb loaded |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.wall.toFixed(0)} | ${r.cpu.toFixed(0)} | ${r.ratio.toFixed(2)}× |`),
].join('\n');
const text = `# CLI start-up

${rounds} alternated rounds, ${new Date().toISOString().slice(0, 16)} UTC, load average ${load} on ${'2'} cores${values.note ? `; ${values.note}` : ''}.
CPU is the process's own user + system time (\`process.cpuUsage\` at exit); wall includes the
machine's queueing, so compare CPU when the machine is shared. "Every verb loaded" is \`--help\`,
which imports every verb's module: what each invocation cost before verbs were loaded on demand.

${table}
`;
process.stdout.write(`${text}\n`);
writeFileSync(join(root, 'bench/cli/RESULTS.md'), text);
rmSync(dir, { recursive: true, force: true });
