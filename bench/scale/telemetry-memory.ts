/**
 * What the control plane's telemetry holds for N models (a baseline at 475 req/s and a 5 %
 * canary each, the scale bench's synthetic buckets) after S seconds of imports, and after the
 * judges' reads (two windows per rollout since its step began, three ticks). Live heap after a
 * full collection, plus typed-array backing stores, in MB; bytes per stream-second imported; and
 * the process CPU of the imports and of each read tick (the merges a judge's reads cost).
 * `node --expose-gc --import tsx bench/scale/telemetry-memory.ts [models] [seconds]`
 */
import { ManualClock } from '../../src/core/clock.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { syntheticFeed } from './synthetic-telemetry.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const models = Number(process.argv[2] ?? 1000);
const seconds = Number(process.argv[3] ?? 120);
const list = Array.from({ length: models }, (_, i) => ({
  model: `m${i}`,
  baseline: `m${i}-v1`,
  candidate: `m${i}-v2`,
}));
const feed = syntheticFeed(list);
const start = Date.UTC(2026, 5, 1);
const clock = new ManualClock(start);
const telemetry = createTelemetry({ clock, schemas: () => undefined });
// Typed arrays' backing stores are freed by a sweeper after the collection that found them dead:
// collect, let it run, collect again, or stores already garbage are counted as live.
const live = async (): Promise<number> => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1000);
};
const base = await live();
const importStart = process.cpuUsage();
for (let s = 0; s < seconds; s++) {
  clock.advance(1000);
  feed.feed(telemetry, start / 1000 + s);
}
const importCpuMs = cpuMs(importStart);
const imported = (await live()) - base;
const since = start + 5000;
const readTickCpuMs: number[] = [];
for (let tick = 0; tick < 3; tick++) {
  clock.advance(1000);
  feed.feed(telemetry, Math.floor(clock.now() / 1000) - 1);
  const tickStart = process.cpuUsage();
  for (const m of list)
    for (const release of [m.baseline, m.candidate])
      telemetry.window({ model: m.model, release, from: since, to: clock.now() });
  readTickCpuMs.push(cpuMs(tickStart));
}
const read = (await live()) - base;
console.log(
  JSON.stringify({
    models,
    seconds,
    importedMb: Math.round(imported),
    bytesPerStreamSecond: Math.round((imported * 2 ** 20) / (2 * models * seconds)),
    afterReadsMb: Math.round(read),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    importCpuMs,
    readTickCpuMs,
  }),
);
