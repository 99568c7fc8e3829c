/**
 * Gateway benchmark: same machine, same run, small JSON prediction against an nginx backend.
 * Rows: direct, bare Node proxy (floor), HAProxy, nginx, ripcord (1 worker and --workers N).
 * Usage: npm run bench:gateway -- [--seconds 5] [--rounds 3] [--warmup 10] [--connections 50] [--workers 2]
 *   [--inspect 0.1] [--half-rounds 3] [--half-seconds 5] [--out bench/gateway/RESULTS.md]
 * The ripcord rows inspect every request (input checks and predictions); one more row inspects
 * the `--inspect` share (GatewayOptions.inspection), outcomes and latency still on every request.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { format } from 'prettier';

import { wrk, writeWrkScript, type LoadResult } from './load.js';
import { checkWeightChange } from './weight-change.js';
import { startRipcordDrivenHaproxy } from './haproxy-driven.js';
import {
  ensurePackages,
  freePort,
  startBackend,
  startHaproxy,
  startNginxProxy,
  startNode,
  stop,
  type Running,
} from './servers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    inspect: { type: 'string', default: '0.1' },
    'half-rounds': { type: 'string', default: '3' },
    'half-seconds': { type: 'string', default: '5' },
    out: { type: 'string', default: path.join(here, 'RESULTS.md') },
  },
});
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));
// Steady state: JIT tiers need seconds of hot traffic (ripcord reaches full speed after ~10 s, the bare proxy sooner).
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const workers = Number(values.workers);
const inspectShare = Number(values.inspect);
const halfRounds = Math.max(1, Number(values['half-rounds']));
const halfSeconds = Number(values['half-seconds']);
const inspectPercent = `${+(inspectShare * 100).toFixed(1)} %`;

interface Row extends LoadResult {
  name: string;
  addedP50Ms: number;
  addedP99Ms: number;
}

interface PacedResult {
  p50Ms: number;
  p99Ms: number;
  p99FromScheduleMs: number;
  errors: number;
}

async function paced(port: number, rate: number, secs: number): Promise<PacedResult> {
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    path.join(here, 'paced-load.ts'),
    String(port),
    String(rate),
    String(secs),
  ]);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as PacedResult;
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Target {
  name: string;
  port: number;
  results: LoadResult[];
}

async function main(): Promise<void> {
  ensurePackages({ nginx: 'nginx', haproxy: 'haproxy', wrk: 'wrk' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-bench-'));
  const procs: Running[] = [];
  const notes: string[] = [];
  try {
    const backend = await startBackend(dir);
    procs.push(backend.proc);
    const script = await writeWrkScript(dir);
    const targets: Target[] = [{ name: 'direct to backend (nginx)', port: backend.stable, results: [] }];
    const add = async (name: string, start: () => Promise<Running>): Promise<void> => {
      const proc = await start();
      procs.push(proc);
      targets.push({ name, port: proc.port, results: [] });
    };
    const barePort = await freePort();
    await add('bare Node proxy (undici)', () =>
      startNode(
        'bare',
        path.join(here, 'bare-proxy.ts'),
        [barePort, backend.stable, backend.canary].map(String),
        barePort,
      ),
    );
    await add('HAProxy 95/5', () => startHaproxy(dir, backend.stable, backend.canary));
    await add('HAProxy driven by ripcord 95/5', () =>
      startRipcordDrivenHaproxy(dir, backend.stable, backend.canary, notes),
    );
    await add('nginx proxy 95/5', () => startNginxProxy(dir, backend.stable, backend.canary));

    const ripcordEntry = path.join(here, 'ripcord-proxy.ts');
    // ripcord-proxy.ts <port> <stablePort> <canaryPort> <workers> serves createGateway from src/gateway
    // (all telemetry on, 95/5 sticky on x-user-id).
    const gatewayReady =
      existsSync(path.join(here, '../../src/gateway/index.ts')) && existsSync(ripcordEntry);
    const ripcordName = (n: number): string =>
      n === 1 ? 'ripcord (1 worker, all telemetry)' : `ripcord (--workers ${n})`;
    const inspectName = `ripcord (1 worker, inspect ${inspectPercent})`;
    if (!gatewayReady)
      notes.push(
        'ripcord gateway (src/gateway + bench/gateway/ripcord-proxy.ts) not available in this checkout: ripcord rows, ratios and the weight-change check skipped.',
      );
    else
      for (const n of [1, workers]) {
        const port = await freePort();
        await add(ripcordName(n), () =>
          startNode(
            ripcordName(n),
            ripcordEntry,
            [String(port), String(backend.stable), String(backend.canary), String(n), '1'],
            port,
            'ready',
          ),
        );
      }
    if (gatewayReady && inspectShare < 1) {
      const port = await freePort();
      await add(inspectName, () =>
        startNode(
          inspectName,
          ripcordEntry,
          [port, backend.stable, backend.canary, 1, inspectShare].map(String),
          port,
          'ready',
        ),
      );
    }

    // Every target is up at once (idle while another is measured); rounds interleave them so a
    // burst of load from elsewhere on the machine hits every target alike, and medians are reported.
    for (const t of targets) await wrk(t.port, script, { connections, seconds: warmup }); // JIT, pools
    for (let round = 1; round <= rounds; round++)
      for (const t of targets) {
        const r = await wrk(t.port, script, { connections, seconds });
        t.results.push(r);
        console.log(
          `round ${round} ${t.name.padEnd(34)} ${fmt(r.rps, 0).padStart(8)} req/s  p50 ${fmt(r.p50Ms)} ms  p99 ${fmt(r.p99Ms)} ms`,
        );
      }
    const rows: Row[] = targets.map((t) => ({
      name: t.name,
      rps: median(t.results.map((r) => r.rps)),
      p50Ms: median(t.results.map((r) => r.p50Ms)),
      p99Ms: median(t.results.map((r) => r.p99Ms)),
      errors: t.results.reduce((n, r) => n + r.errors, 0),
      addedP50Ms: 0,
      addedP99Ms: 0,
    }));
    const direct = rows[0]!;
    for (const r of rows) {
      r.addedP50Ms = r.p50Ms - direct.p50Ms;
      r.addedP99Ms = r.p99Ms - direct.p99Ms;
    }
    for (const p of procs.splice(1)) await stop(p);

    const ripcord = rows.find((r) => r.name === ripcordName(1));
    const bareRow = rows.find((r) => r.name.startsWith('bare'));
    const haproxyRow = rows.find((r) => r.name === 'HAProxy 95/5');
    const drivenRow = rows.find((r) => r.name === 'HAProxy driven by ripcord 95/5');
    const summary: string[] = [];
    if (drivenRow && haproxyRow)
      summary.push(
        `HAProxy driven by ripcord / bare HAProxy: ${fmt(drivenRow.rps / haproxyRow.rps)}× (target ≥ 0.9×)`,
      );
    if (ripcord && bareRow)
      summary.push(`ripcord / bare Node proxy: ${fmt(ripcord.rps / bareRow.rps)}× (target ≥ 0.9×)`);
    if (ripcord && haproxyRow)
      summary.push(`ripcord / HAProxy: ${fmt(ripcord.rps / haproxyRow.rps)}× (target ≥ 0.3×)`);
    const inspectRow = rows.find((r) => r.name === inspectName);
    if (inspectRow && bareRow && haproxyRow)
      summary.push(
        `${inspectName} / bare Node proxy: ${fmt(inspectRow.rps / bareRow.rps)}×; / HAProxy: ${fmt(inspectRow.rps / haproxyRow.rps)}×`,
      );
    const ripcordN = rows.find((r) => r.name === ripcordName(workers));
    if (ripcordN && bareRow && workers > 1)
      summary.push(
        `ripcord --workers ${workers} / bare Node proxy: ${fmt(ripcordN.rps / bareRow.rps)}×; / HAProxy: ${fmt(ripcordN.rps / (haproxyRow?.rps ?? NaN))}×`,
      );

    // Half of each target's own peak, open loop (paced-load.ts), through the proxy and straight
    // to the backend at the same rate. The two alternate for `halfRounds` rounds (a burst from
    // elsewhere on the machine hits both alike); added = median over rounds of (proxy p99 -
    // direct p99). Every proxy row is measured the same way.
    const halfRows: { name: string; rate: number; added: number; via: number; direct: number }[] = [];
    const halfLoad = async (
      name: string,
      peakRps: number,
      start: (port: number) => Promise<Running>,
    ): Promise<void> => {
      const rate = Math.round(peakRps / 2);
      const port = await freePort();
      const proc = await start(port);
      procs.push(proc);
      await wrk(proc.port, script, { connections, seconds: warmup }); // warm-up: JIT and upstream pools
      const via: PacedResult[] = [];
      const direct: PacedResult[] = [];
      for (let round = 0; round < halfRounds; round++) {
        via.push(await paced(proc.port, rate, halfSeconds));
        direct.push(await paced(backend.stable, rate, halfSeconds));
      }
      await stop(proc);
      const added = median(via.map((v, i) => v.p99Ms - direct[i]!.p99Ms));
      const list = (xs: PacedResult[], key: 'p99Ms' | 'p99FromScheduleMs'): string =>
        xs.map((x) => fmt(x[key])).join(', ');
      halfRows.push({
        name,
        rate,
        added,
        via: median(via.map((v) => v.p99Ms)),
        direct: median(direct.map((d) => d.p99Ms)),
      });
      summary.push(
        `${name}: p99 added latency at half of its peak (${rate} req/s, open loop): ${fmt(added, 3)} ms ` +
          `(p99 per round ${list(via, 'p99Ms')} ms vs direct ${list(direct, 'p99Ms')} ms; ` +
          `from the schedule, pacer timer lateness included: ${list(via, 'p99FromScheduleMs')} vs ${list(direct, 'p99FromScheduleMs')} ms; ` +
          `errors ${via.reduce((n, v) => n + v.errors, 0)})`,
      );
    };
    if (bareRow)
      await halfLoad('bare Node proxy', bareRow.rps, (port) =>
        startNode(
          'bare-half',
          path.join(here, 'bare-proxy.ts'),
          [port, backend.stable, backend.canary].map(String),
          port,
        ),
      );
    if (haproxyRow)
      await halfLoad('HAProxy 95/5', haproxyRow.rps, () => startHaproxy(dir, backend.stable, backend.canary));
    if (ripcord)
      await halfLoad('ripcord (1 worker, all telemetry; target ≤ 1 ms)', ripcord.rps, (port) =>
        startNode(
          'ripcord-half',
          ripcordEntry,
          [port, backend.stable, backend.canary, 1, 1].map(String),
          port,
          'ready',
        ),
      );
    if (inspectRow)
      await halfLoad(`${inspectName} (target ≤ 1 ms)`, inspectRow.rps, (port) =>
        startNode(
          'ripcord-inspect-half',
          ripcordEntry,
          [port, backend.stable, backend.canary, 1, inspectShare].map(String),
          port,
          'ready',
        ),
      );
    if (ripcord) summary.push(...(await checkWeightChange(backend.stable, backend.canary)));
    for (const line of [...summary, ...notes]) console.log(line);

    const table = [
      '| target | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms | errors |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${fmt(r.rps, 0)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.addedP50Ms)} | ${fmt(r.addedP99Ms)} | ${r.errors} |`,
      ),
    ];
    const halfTable = [
      '| target (half of its own peak) | req/s | p99 ms | direct p99 ms at that rate | added p99 ms |',
      '|---|---:|---:|---:|---:|',
      ...halfRows.map(
        (h) => `| ${h.name} | ${h.rate} | ${fmt(h.via, 3)} | ${fmt(h.direct, 3)} | ${fmt(h.added, 3)} |`,
      ),
    ];
    const perRound = targets.map((t) => `| ${t.name} | ${t.results.map((r) => fmt(r.rps, 0)).join(' | ')} |`);
    console.log(`\n${table.join('\n')}`);
    const markdown =
      `# Gateway benchmark results\n\nGenerated by \`npm run bench:gateway\` on ${new Date().toISOString()} ` +
      `(${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} at the end). ` +
      `wrk: 1 thread, ${connections} connections, ${rounds} interleaved rounds of ${seconds} s per target after a ${warmup} s warm-up, medians shown; ` +
      `POST of a small JSON prediction; backend nginx returns a fixed JSON body. ` +
      `The bare Node proxy hands the ServerResponse to undici's \`stream\` as the body's destination and keeps the backend's content-length. ` +
      `ripcord rows: telemetry records outcome and latency of every request and keeps 1 % of request/response pairs; ` +
      `"all telemetry" checks every request's input rows and reads every response's predictions, the "inspect" row does so for that share of requests. ` +
      `Everything (load generator, proxy, backend) shares the same machine.\n\n${table.join('\n')}\n\n` +
      `Half load: each proxy at half of its own peak above, open loop (bench/gateway/paced-load.ts: a sleeping pacer, ` +
      `128 pooled keep-alive connections, latency from the pacer's release of each request so a wait for a free ` +
      `connection counts), alternated with the same rate straight to the backend for ${halfRounds} rounds of ${halfSeconds} s ` +
      `(first second dropped); added = median over rounds of (proxy p99 - direct p99), p99 columns are medians.\n\n` +
      `${halfTable.join('\n')}\n\n` +
      summary.map((s) => `- ${s}`).join('\n') +
      (notes.length ? `\n\n${notes.map((s) => `- ${s}`).join('\n')}` : '') +
      `\n\nreq/s per round:\n\n| target | ${Array.from({ length: rounds }, (_, i) => `round ${i + 1}`).join(' | ')} |\n` +
      `|---|${Array.from({ length: rounds }, () => '---:').join('|')}|\n${perRound.join('\n')}\n`;
    await writeFile(values.out!, await format(markdown, { parser: 'markdown' }));
  } finally {
    for (const p of procs) await stop(p);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
