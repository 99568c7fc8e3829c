/**
 * Gateway benchmark: same machine, same run, small JSON prediction against an nginx backend.
 * Rows: direct, bare Node proxy (floor), HAProxy, nginx, ripcord (1 worker and --workers N).
 * Usage: npm run bench:gateway -- [--seconds 8] [--connections 50] [--workers 2] [--out bench/gateway/RESULTS.md]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { wrk, writeWrkScript, type LoadResult } from './load.js';
import { checkWeightChange } from './weight-change.js';
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
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    out: { type: 'string', default: path.join(here, 'RESULTS.md') },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const workers = Number(values.workers);

interface Row extends LoadResult {
  name: string;
  addedP50Ms: number;
  addedP99Ms: number;
}

async function paced(
  port: number,
  rate: number,
  secs: number,
): Promise<{ p50Ms: number; p99Ms: number; errors: number }> {
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
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as { p50Ms: number; p99Ms: number; errors: number };
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main(): Promise<void> {
  ensurePackages({ nginx: 'nginx', haproxy: 'haproxy', wrk: 'wrk' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-bench-'));
  const procs: Running[] = [];
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const backend = await startBackend(dir);
    procs.push(backend.proc);
    const script = await writeWrkScript(dir);
    const measure = async (name: string, port: number): Promise<LoadResult> => {
      await wrk(port, script, { connections, seconds: 1 }); // warm-up (JIT, keep-alive pools)
      const r = await wrk(port, script, { connections, seconds });
      console.log(
        `${name.padEnd(28)} ${fmt(r.rps, 0).padStart(8)} req/s  p50 ${fmt(r.p50Ms)} ms  p99 ${fmt(r.p99Ms)} ms`,
      );
      return r;
    };
    const direct = await measure('direct to backend', backend.stable);
    const add = (name: string, r: LoadResult): Row => {
      const row = { name, ...r, addedP50Ms: r.p50Ms - direct.p50Ms, addedP99Ms: r.p99Ms - direct.p99Ms };
      rows.push(row);
      return row;
    };
    rows.push({ name: 'direct to backend (nginx)', ...direct, addedP50Ms: 0, addedP99Ms: 0 });

    const peer = async (name: string, start: () => Promise<Running>): Promise<Row> => {
      const proc = await start();
      procs.push(proc);
      try {
        return add(name, await measure(name, proc.port));
      } finally {
        await stop(proc);
      }
    };
    const barePort = await freePort();
    await peer('bare Node proxy (undici)', () =>
      startNode(
        'bare',
        path.join(here, 'bare-proxy.ts'),
        [barePort, backend.stable, backend.canary].map(String),
        barePort,
      ),
    );
    await peer('HAProxy 95/5', () => startHaproxy(dir, backend.stable, backend.canary));
    await peer('nginx proxy 95/5', () => startNginxProxy(dir, backend.stable, backend.canary));

    const ripcordEntry = path.join(here, 'ripcord-proxy.ts');
    // ripcord-proxy.ts <port> <stablePort> <canaryPort> <workers> serves createGateway from src/gateway
    // (all telemetry on, 95/5 sticky on x-user-id); it lands with the gateway.
    const gatewayReady =
      existsSync(path.join(here, '../../src/gateway/index.ts')) && existsSync(ripcordEntry);
    let ripcord: Row | undefined;
    if (!gatewayReady)
      notes.push(
        'ripcord gateway (src/gateway + bench/gateway/ripcord-proxy.ts) not available in this checkout: ripcord rows, ratios and the weight-change check skipped.',
      );
    else {
      for (const n of [1, workers]) {
        const port = await freePort();
        const name = n === 1 ? 'ripcord (1 worker, all telemetry)' : `ripcord (--workers ${n})`;
        const row = await peer(name, () =>
          startNode(
            name,
            ripcordEntry,
            [String(port), String(backend.stable), String(backend.canary), String(n)],
            port,
            'ready',
          ),
        );
        if (n === 1) ripcord = row;
      }
    }
    const bareRow = rows.find((r) => r.name.startsWith('bare'));
    const haproxyRow = rows.find((r) => r.name.startsWith('HAProxy'));
    const summary: string[] = [];
    if (ripcord && bareRow)
      summary.push(`ripcord / bare Node proxy: ${fmt(ripcord.rps / bareRow.rps)}× (target ≥ 0.9×)`);
    if (ripcord && haproxyRow)
      summary.push(`ripcord / HAProxy: ${fmt(ripcord.rps / haproxyRow.rps)}× (target ≥ 0.3×)`);

    // Half of the peak, open loop, through the proxy and (for the subtraction) straight to the backend.
    const halfLoad = async (
      name: string,
      peakRps: number,
      start: (port: number) => Promise<Running>,
    ): Promise<void> => {
      const rate = Math.round(peakRps / 2);
      const port = await freePort();
      const proc = await start(port);
      procs.push(proc);
      await wrk(port, script, { connections, seconds: 1 }); // warm-up: JIT and upstream pools
      const via = await paced(port, rate, 6);
      await stop(proc);
      const viaDirect = await paced(backend.stable, rate, 6);
      summary.push(
        `${name}: p99 added latency at half of its peak (${rate} req/s, open loop): ${fmt(via.p99Ms - viaDirect.p99Ms, 3)} ms ` +
          `(p99 ${fmt(via.p99Ms, 3)} ms vs direct ${fmt(viaDirect.p99Ms, 3)} ms; errors ${via.errors})`,
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
    if (ripcord)
      await halfLoad('ripcord (target ≤ 1 ms)', ripcord.rps, (port) =>
        startNode(
          'ripcord-half',
          ripcordEntry,
          [port, backend.stable, backend.canary, 1].map(String),
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
    console.log(`\n${table.join('\n')}`);
    await writeFile(
      values.out!,
      `# Gateway benchmark results\n\nGenerated by \`npm run bench:gateway\` on ${new Date().toISOString()} ` +
        `(${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}). ` +
        `wrk: 1 thread, ${connections} connections, ${seconds} s per row after a 1 s warm-up; ` +
        `POST of a small JSON prediction; backend nginx returns a fixed JSON body. ` +
        `Everything (load generator, proxy, backend) shares the same machine.\n\n${table.join('\n')}\n\n` +
        summary.map((s) => `- ${s}`).join('\n') +
        (notes.length ? `\n\n${notes.map((s) => `- ${s}`).join('\n')}` : '') +
        '\n',
    );
  } finally {
    for (const p of procs) await stop(p);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
