/**
 * One target under load, for profiling: starts the nginx backend and either the bare Node proxy or
 * the ripcord gateway (bench routing, all telemetry) with extra Node flags, warms it up, then runs
 * wrk (closed loop) and optionally the paced open-loop probe at a given rate.
 * Usage: tsx bench/gateway/profile.ts [--target ripcord|bare] [--workers 1] [--seconds 10]
 *   [--warmup 5] [--connections 50] [--threads 1] [--rate N] [--paced-seconds 6] [--node-flags="--cpu-prof --cpu-prof-dir=/tmp/p"] [--log FILE]
 *   [--monitor] (with --log and --rate: loop-monitor.ts in the target, summarised over the paced run)
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { wrk, writeWrkScript } from './load.js';
import { summariseLoop } from './loop-summary.js';
import { freePort, startBackend, stop, waitForPort, type Running } from './servers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'ripcord' },
    workers: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    threads: { type: 'string', default: '1' },
    rate: { type: 'string' },
    /** How long the paced probe runs (long enough to see minute sealing and old-generation GCs). */
    'paced-seconds': { type: 'string', default: '6' },
    'node-flags': { type: 'string', default: '' },
    /** Where the target's stdout goes (e.g. --trace-gc output). */
    log: { type: 'string' },
    monitor: { type: 'boolean', default: false },
  },
});

/** CPU time (user + system, ms) of a process and its children (cluster workers), from /proc. */
async function treeCpuMs(pid: number): Promise<{ user: number; system: number }> {
  const { readFile } = await import('node:fs/promises');
  const tick = 10; // USER_HZ = 100 on Linux
  const total = { user: 0, system: 0 };
  const visit = async (p: number): Promise<void> => {
    try {
      const stat = await readFile(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total.user += Number(fields[11]) * tick;
      total.system += Number(fields[12]) * tick;
      const children = await readFile(`/proc/${p}/task/${p}/children`, 'utf8');
      for (const c of children.trim().split(' ').filter(Boolean)) await visit(Number(c));
    } catch {
      // gone
    }
  };
  await visit(pid);
  return total;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-profile-'));
const procs: Running[] = [];
try {
  const backend = await startBackend(dir);
  procs.push(backend.proc);
  const port = await freePort();
  const entry = path.join(here, values.target === 'bare' ? 'bare-proxy.ts' : 'ripcord-proxy.ts');
  const args = [port, backend.stable, backend.canary, Number(values.workers)].map(String);
  const flags = values['node-flags']!.split(' ').filter(Boolean);
  const log = values.log ? openSync(values.log, 'w') : 'ignore';
  if (values.monitor && !(values.log && values.rate))
    throw new Error('--monitor: needs --log FILE and --rate N');
  // After tsx, so the monitor (TypeScript) loads; before the target, so it sees all of it.
  const monitor = values.monitor ? ['--import', path.join(here, 'loop-monitor.ts')] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', ...monitor, entry, ...args], {
    stdio: ['ignore', log, 'inherit'],
  });
  procs.push({ name: values.target!, port, child });
  await waitForPort(port, 20_000);
  await new Promise((r) => setTimeout(r, 500));
  const script = await writeWrkScript(dir);
  const opts = { connections: Number(values.connections), threads: Number(values.threads) };
  if (Number(values.warmup) > 0) await wrk(port, script, { ...opts, seconds: Number(values.warmup) });
  const cpuBefore = os.cpus().map((c) => c.times);
  const procBefore = await treeCpuMs(child.pid!);
  const logOffset = values.log ? statSync(values.log).size : 0;
  const r = await wrk(port, script, { ...opts, seconds: Number(values.seconds) });
  if (values.log) console.log(`--- measured run ends (target log: ${values.log})`);
  const cpuAfter = os.cpus().map((c) => c.times);
  const procAfter = await treeCpuMs(child.pid!);
  const userMs = procAfter.user - procBefore.user;
  const systemMs = procAfter.system - procBefore.system;
  const requests = r.rps * Number(values.seconds);
  const busy = cpuAfter.map((t, i) => {
    const b = cpuBefore[i]!;
    const total = Object.values(t).reduce((a, v) => a + v, 0) - Object.values(b).reduce((a, v) => a + v, 0);
    return 1 - (t.idle - b.idle) / total;
  });
  console.log(
    `${values.target} workers=${values.workers}: ${r.rps.toFixed(0)} req/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms errors ${r.errors}; ` +
      `proxy CPU per request ${(((userMs + systemMs) * 1000) / requests).toFixed(1)} µs (user ${((userMs * 1000) / requests).toFixed(1)}, system ${((systemMs * 1000) / requests).toFixed(1)}); cpu busy ${busy.map((b) => (b * 100).toFixed(0) + '%').join(' ')}; load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  if (values.log && values['node-flags']!.includes('--trace-gc-nvp')) {
    // Bytes allocated on the JS heap per request during the measured run (contention does not change it).
    await new Promise((r) => setTimeout(r, 200));
    const text = readFileSync(values.log, 'utf8').slice(logOffset);
    let allocated = 0;
    let scavenges = 0;
    let pauses = 0;
    let maxPause = 0;
    for (const m of text.matchAll(/pause=([\d.]+) .*?gc=(\w+).*allocated=(\d+) promoted=(\d+)/g)) {
      allocated += Number(m[3]);
      if (m[2] === 's') scavenges++;
      pauses += Number(m[1]);
      maxPause = Math.max(maxPause, Number(m[1]));
    }
    const served = requests;
    console.log(
      `heap: ${(allocated / served / 1024).toFixed(2)} KiB allocated per request, ${scavenges} scavenges, ` +
        `GC pauses ${pauses.toFixed(0)} ms in total, longest ${maxPause} ms`,
    );
  }
  if (values.rate) {
    const pacedFrom = values.log ? statSync(values.log).size : 0;
    const probe = spawn(process.execPath, [
      '--import',
      'tsx',
      path.join(here, 'paced-load.ts'),
      String(port),
      values.rate,
      values['paced-seconds']!,
    ]);
    let out = '';
    probe.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => probe.once('exit', resolve));
    console.log(`paced ${values.rate} req/s: ${out.trim()}`);
    if (values.monitor) {
      await new Promise((r) => setTimeout(r, 1100));
      console.log(summariseLoop(readFileSync(values.log!, 'utf8').slice(pacedFrom)));
    }
  }
} finally {
  for (const p of procs.reverse()) await stop(p);
  await rm(dir, { recursive: true, force: true });
}
