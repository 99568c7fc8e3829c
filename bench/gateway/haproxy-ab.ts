/**
 * "HAProxy driven by ripcord" beside bare HAProxy, alone: the same HAProxy build and config, one
 * with its 95/5 split in the config file, the other with the split set by ripcord's HAProxy router
 * through the Runtime API and ripcord reading per-release outcome and latency from `show stat`
 * every second during the load (as its judges would). Rounds alternate which goes first. Prints
 * req/s, HAProxy's CPU-seconds per request (utime + stime from /proc), ripcord's own CPU while it
 * reads the stats, the ratio driven / bare per round, and the weight-change timing.
 * Usage: npx tsx bench/gateway/haproxy-ab.ts [--rounds 5] [--seconds 5] [--warmup 5] [--connections 50]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { haproxyRouter } from '../../src/traffic/haproxy/haproxy-router.js';
import { readReleaseCounters, type ReleaseCounters } from '../../src/traffic/haproxy/haproxy-stats.js';
import { runtimeApi } from '../../src/traffic/haproxy/runtime-api.js';
import { benchPolicy, describeWeightChange, measureWeightChange } from './haproxy-weight-change.js';
import { wrk, writeWrkScript, type LoadResult } from './load.js';
import { ensurePackages, startBackend, startHaproxy, stop, type Running } from './servers.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process, seconds (fields 14 and 15 of /proc/PID/stat). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Measured extends LoadResult {
  cpuPerRequestUs: number;
  ripcordCpuMs?: number;
}

async function main(): Promise<void> {
  ensurePackages({ nginx: 'nginx', haproxy: 'haproxy', wrk: 'wrk' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-haproxy-ab-'));
  const procs: Running[] = [];
  try {
    const backend = await startBackend(dir);
    procs.push(backend.proc);
    const script = await writeWrkScript(dir);
    const bare = await startHaproxy(dir, backend.stable, backend.canary);
    procs.push(bare);
    const socket = path.join(dir, 'haproxy-admin.sock');
    const driven = await startHaproxy(dir, backend.stable, backend.canary, socket);
    procs.push(driven);
    const api = runtimeApi(socket);
    for (let i = 0; i < 100 && !(await api.run(['show info']).catch(() => '')).includes('HAProxy'); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const models = { bench: { backend: 'releases' } };
    const router = haproxyRouter({ socket: api, models });
    const weightChange = await measureWeightChange(router, driven.port, 6, 0);
    await router.apply(benchPolicy(100, 5));
    await router.applied('bench', 100);

    const loadBefore = loadAverage();
    for (const t of [bare, driven])
      await wrk(t.port, script, { connections, seconds: Number(values.warmup) });
    const results: Record<'bare' | 'driven', Measured[]> = { bare: [], driven: [] };
    let lastStats: ReleaseCounters[] = [];
    const measure = async (which: 'bare' | 'driven'): Promise<Measured> => {
      const proc = which === 'bare' ? bare : driven;
      const pid = proc.child.pid!;
      const cpuBefore = cpuSeconds(pid);
      const own = process.cpuUsage();
      // ripcord's side of "driven": per-release outcome and latency read from HAProxy every second.
      let reading = which === 'driven';
      const poller = (async () => {
        while (reading) {
          lastStats = await readReleaseCounters(api, models.bench);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })();
      const r = await wrk(proc.port, script, { connections, seconds });
      reading = false;
      await poller;
      const used = process.cpuUsage(own);
      const cpu = cpuSeconds(pid) - cpuBefore;
      return {
        ...r,
        cpuPerRequestUs: (cpu / (r.rps * seconds)) * 1e6,
        ...(which === 'driven' && { ripcordCpuMs: (used.user + used.system) / 1000 }),
      };
    };
    for (let round = 1; round <= rounds; round += 1) {
      const order: ('bare' | 'driven')[] = round % 2 === 1 ? ['bare', 'driven'] : ['driven', 'bare'];
      for (const which of order) {
        const m = await measure(which);
        results[which].push(m);
        console.log(
          `round ${round} ${which.padEnd(6)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50Ms.toFixed(2)} ms  p99 ${m.p99Ms.toFixed(2)} ms  HAProxy CPU ${m.cpuPerRequestUs.toFixed(2)} µs/request${m.ripcordCpuMs === undefined ? '' : `  ripcord reading stats ${m.ripcordCpuMs.toFixed(0)} ms CPU`}  errors ${m.errors}`,
        );
      }
    }
    const ratios = results.driven.map((d, i) => d.rps / results.bare[i]!.rps);
    const row = (name: string, ms: Measured[]) =>
      `| ${name} | ${median(ms.map((m) => m.rps)).toFixed(0)} | ${median(ms.map((m) => m.p50Ms)).toFixed(2)} | ${median(ms.map((m) => m.p99Ms)).toFixed(2)} | ${median(ms.map((m) => m.cpuPerRequestUs)).toFixed(2)} | ${ms.reduce((n, m) => n + m.errors, 0)} |`;
    console.log(
      `\n${new Date().toISOString()}, ${os.cpus().length} cores, load average ${loadBefore} before, ${loadAverage()} after`,
    );
    console.log('| target | req/s | p50 ms | p99 ms | HAProxy CPU µs/request | errors |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(row('HAProxy 95/5 (config file)', results.bare));
    console.log(row('HAProxy driven by ripcord 95/5', results.driven));
    console.log(
      `- driven / bare: ${median(ratios).toFixed(2)}× median (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}; target ≥ 0.9×)`,
    );
    console.log(
      `- ripcord's CPU reading HAProxy's stats once a second: ${median(results.driven.map((m) => m.ripcordCpuMs ?? 0)).toFixed(0)} ms per ${seconds} s round`,
    );
    console.log(
      `- per-release counters read from HAProxy at the end: ${lastStats.map((s) => `${s.release} ${s.responses} responses, ${s.errors} 5xx, ${s.failures} failures, avg ${s.avgResponseMs} ms`).join('; ')}`,
    );
    console.log(`- ${describeWeightChange(weightChange)}`);
  } finally {
    for (const p of procs.reverse()) await stop(p);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
