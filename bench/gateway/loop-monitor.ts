/**
 * Preloaded into a target (`node --import tsx --import ./loop-monitor.ts ...`, see profile.ts
 * --monitor): once a second it writes one line `loop {json}` to stdout with the event-loop delay
 * percentiles, every GC pause of 1 ms or more (start ms since the monitor began, duration, kind),
 * pause totals by kind, and the CPU this process and the whole machine used in that second. A
 * second with a high loop delay can then be told apart: a GC pause of this process, its own
 * synchronous work (high own CPU), or a neighbour taking the cores (machine busy, own CPU low).
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

import type { LoopSecond } from './loop-summary.js';

// perf_hooks.constants.NODE_PERFORMANCE_GC_*: 4 is the mark-compact (its atomic pause), 8 a step of
// incremental marking on the main thread, 16 the processing of weak callbacks.
const KINDS: Record<number, string> = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weakcb' };
const start = performance.now();
let pending: { startMs: number; ms: number; kind: string }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? 0;
    pending.push({ startMs: e.startTime - start, ms: e.duration, kind: KINDS[kind] ?? String(kind) });
  }
}).observe({ entryTypes: ['gc'] });

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const machine = (): { busy: number; total: number } => {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
};
let lastCpu = process.cpuUsage();
let lastMachine = machine();
let lastAt = performance.now();

setInterval(() => {
  const now = performance.now();
  const cpu = process.cpuUsage();
  const m = machine();
  const gc: LoopSecond['gc'] = {};
  for (const p of pending) {
    const g = (gc[p.kind] ??= { n: 0, ms: 0, maxMs: 0 });
    g.n++;
    g.ms += p.ms;
    g.maxMs = Math.max(g.maxMs, p.ms);
  }
  const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
  const second: LoopSecond = {
    t: Math.round(now - start) / 1000,
    delayP50Ms: ms(delay.percentile(50)),
    delayP99Ms: ms(delay.percentile(99)),
    delayMaxMs: ms(delay.max),
    gc,
    longGc: pending
      .filter((p) => p.ms >= 1)
      .map((p): [number, number, string] => [Math.round(p.startMs), Math.round(p.ms * 100) / 100, p.kind]),
    ownCpu: Math.round((cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 10 / (now - lastAt)) / 100,
    machineBusy:
      Math.round(((m.busy - lastMachine.busy) / Math.max(1, m.total - lastMachine.total)) * 100) / 100,
  };
  process.stdout.write(`loop ${JSON.stringify(second)}\n`);
  delay.reset();
  pending = [];
  lastCpu = cpu;
  lastMachine = m;
  lastAt = now;
}, 1000).unref();
