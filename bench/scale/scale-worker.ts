/**
 * One scale measurement, in its own process (pinned to one core by run.ts): N models with a
 * canary rollout each, `age` seconds into their 5 % step, synthetic gateway telemetry for every
 * second, and the controller's tick run on the wall clock every second, as its loop runs it.
 * Prints one JSON line (ScaleResult).
 * Usage: scale-worker.ts --database sqlite|postgres://… --rollouts 1000 --seconds 60 --age 60
 *        [--min-ticks 3] [--warmup-ticks 2] [--warmup-max 10] [--profile] [--heap | --churn | --survivors] [--only <text>]
 *        [--max-look-stride 10]
 * Run under `node --expose-gc` to add memory.collected: what stays after full collections.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createStoreController } from '../../src/server/store-controller.js';
import type { RolloutSpecInput } from '../../src/controller/index.js';
import { systemClock } from '../../src/core/clock.js';
import type { Clock } from '../../src/core/clock.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { openStore } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { TRIGGERS } from '../recovery/scenarios.js';
import { countingStore } from './counting-store.js';
import type { QueryCounts } from './counting-store.js';
import { startHeapSampling } from './heap-summary.js';
import type { HeapSummary } from './heap-summary.js';
import { startProfile } from './profile-summary.js';
import type { ProfileSummary } from './profile-summary.js';
import { ACTOR, seedModels } from './seed-models.js';
import { syntheticFeed } from './synthetic-telemetry.js';

export interface ScaleResult {
  database: string;
  rollouts: number;
  /** How long the rollouts had been in their step when the measured ticks began. */
  ageSec: number;
  seconds: number;
  /**
   * Setup phases; warmupMs: the ticks run before the measured ones (at least --warmup-ticks, then
   * until one fits in its second, at most --warmup-max).
   */
  setup: { seedSec: number; startSec: number; backfillSec: number; warmupMs: number[] };
  ticks: number;
  tickMs: { p50: number; p99: number; max: number; mean: number };
  /** Every measured tick's duration, in order (a minute's sealing shows as a spike). */
  tickSeriesMs: number[];
  /** The look stride after each measured tick (1: every trigger of every rollout looked at). */
  lookStrideSeries: number[];
  /** CPU time of each of those ticks: far below its duration, the core was busy with another process. */
  tickCpuSeriesMs: number[];
  /** Longest per-second telemetry import during the measured ticks. */
  importMaxMs: number;
  /**
   * Garbage collection during the measured ticks and imports, per wall second (ms): minor
   * (scavenges of the young generation) and major (mark-compact, its final pause; incremental
   * marking steps run inside the allocating code and count there).
   */
  gcMsPerSecond: { minor: number; major: number; other: number };
  /** Ticks that took longer than the 1 s interval. */
  overruns: number;
  /** CPU seconds per wall second: the ticks alone, the telemetry import, and the whole process. */
  cpuShare: { ticks: number; telemetry: number; process: number };
  /** Queries per wall second during the measured ticks. */
  perSecond: QueryCounts;
  phases: Record<string, number>;
  rssMb: number;
  /** The process's RSS high-water mark (getrusage), setup included. */
  rssMaxMb: number;
  profile?: ProfileSummary | undefined;
  /** With --heap: what the live heap held after the measured ticks, by allocating function. */
  heap?: HeapSummary | undefined;
  /** With --churn: what the measured ticks (and imports) allocated, garbage included, by function. */
  churn?: HeapSummary | undefined;
  /** With --survivors: what the measured ticks allocated that outlived a scavenge, by function. */
  survivors?: HeapSummary | undefined;
  /**
   * After each phase (MB): V8 heap used and reserved, memory outside the heap (external; of it,
   * typed arrays' and buffers' backing stores), and RSS.
   */
  memory: Record<
    string,
    { heapMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number; rssMb: number }
  >;
}

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    rollouts: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    age: { type: 'string', default: '60' },
    'min-ticks': { type: 'string', default: '3' },
    'warmup-ticks': { type: 'string', default: '2' },
    'warmup-max': { type: 'string', default: '10' },
    profile: { type: 'boolean', default: false },
    heap: { type: 'boolean', default: false },
    churn: { type: 'boolean', default: false },
    survivors: { type: 'boolean', default: false },
    /** Only the triggers whose text contains this (e.g. `latency`), to weigh one trigger's share. */
    only: { type: 'string' },
    /** The controller's cap on deferred distribution looks (1: every trigger every tick). */
    'max-look-stride': { type: 'string', default: '10' },
  },
});
const triggers = values.only ? TRIGGERS.filter((t) => t.includes(values.only!)) : TRIGGERS;
if (triggers.length === 0)
  throw new Error(`--only ${values.only}: no trigger of ${TRIGGERS.join(', ')} contains it`);
const rollouts = Number(values.rollouts);
const seconds = Number(values.seconds);
const ageSec = Number(values.age);
const minTicks = Number(values['min-ticks']);
const warmupTicks = Number(values['warmup-ticks']);
const warmupMax = Math.max(warmupTicks, Number(values['warmup-max']));

/**
 * The wall clock, held at `age` seconds back while the rollouts start, then running behind the wall
 * clock by however long starting them took: every rollout is `age` seconds into its step when the
 * telemetry backfill begins, so a slow setup (a loaded machine) does not lengthen the windows.
 */
const shift = { ms: 0, frozenAt: undefined as number | undefined };
const clock: Clock = {
  now: () => shift.frozenAt ?? Date.now() + shift.ms,
  sleep: systemClock.sleep,
};

const postgres = values.database !== 'sqlite';
const dir = postgres ? undefined : mkdtempSync(path.join(os.tmpdir(), 'ripcord-scale-'));
const schema = `scale_${randomBytes(4).toString('hex')}`;
const raw = await openStore(
  postgres ? { url: values.database, schema } : { url: path.join(dir!, 'ripcord.db') },
);
const counted = countingStore(raw);
const store = counted.store;
const health = createServer((_req, res) => res.end('ok'));
await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
const backend = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;

const memory: ScaleResult['memory'] = {};
const noteMemory = (phase: string): void => {
  const m = process.memoryUsage();
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  memory[phase] = {
    heapMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
    rssMb: mb(m.rss),
  };
};
noteMemory('opened');
const stopHeap = values.heap ? await startHeapSampling() : undefined;

try {
  const registry = createRegistry({ store, clock });
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  const controller = createStoreController({
    store,
    registry,
    telemetry,
    clock,
    maxLookStride: Number(values['max-look-stride']),
  });

  let mark = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const s = (now - mark) / 1000;
    mark = now;
    return s;
  };
  const models = await seedModels(registry, rollouts, backend);
  const seedSec = lap();
  noteMemory('seeded');

  const startWall = Date.now();
  shift.frozenAt = startWall - ageSec * 1000;
  const startedAt = clock.now();
  for (const m of models) {
    const spec: RolloutSpecInput = {
      name: `${m.model}-canary`,
      model: m.model,
      release: m.candidate,
      canary: { steps: [{ setWeight: 5 }, { pause: { duration: '1h' } }] },
      analysis: { triggers },
    };
    await controller.startRollout(spec, ACTOR);
  }
  shift.frozenAt = undefined;
  shift.ms = -(Date.now() - startWall);
  const startSec = lap();
  noteMemory('started');

  const feed = syntheticFeed(models);
  let fedUpTo = Math.floor(startedAt / 1000);
  const feedClosedSeconds = (): void => {
    const current = Math.floor(clock.now() / 1000);
    for (; fedUpTo < current; fedUpTo += 1) feed.feed(telemetry, fedUpTo);
  };
  feedClosedSeconds();
  const backfillSec = lap();
  noteMemory('backfilled');

  // A controller's first ticks merge every judge's windows from scratch (telemetry then extends
  // them tick by tick): timed apart, as a controller starting or taking over leadership pays them.
  // The seconds that pass meanwhile make the next ticks catch up in turn, so warm-up goes on, paced
  // as the loop, until a tick fits in its second: what is measured is the steady state.
  const warmupMs: number[] = [];
  while (warmupMs.length < warmupTicks || (warmupMs.length < warmupMax && (warmupMs.at(-1) ?? 0) > 1000)) {
    const started = performance.now();
    feedClosedSeconds();
    const t0 = performance.now();
    await controller.tick();
    warmupMs.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
  }

  noteMemory('warm');
  counted.reset();
  const tickMs: number[] = [];
  let tickCpu = 0;
  let feedCpu = 0;
  let importMaxMs = 0;
  const tickCpuMs: number[] = [];
  const lookStrides: number[] = [];
  const stopProfile = values.profile ? await startProfile() : undefined;
  const stopChurn = values.churn ? await startHeapSampling('churn') : undefined;
  const stopSurvivors = values.survivors ? await startHeapSampling('survivors') : undefined;
  const gcMs = { minor: 0, major: 0, other: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gcMs.minor += e.duration;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) gcMs.major += e.duration;
      else gcMs.other += e.duration;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const cpu = (since: NodeJS.CpuUsage): number => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1e6;
  };
  while (performance.now() - wallStart < seconds * 1000 || tickMs.length < minTicks) {
    const started = performance.now();
    let before = process.cpuUsage();
    const f0 = performance.now();
    feedClosedSeconds();
    importMaxMs = Math.max(importMaxMs, performance.now() - f0);
    feedCpu += cpu(before);
    before = process.cpuUsage();
    const t0 = performance.now();
    const { lookStride } = await controller.tick();
    lookStrides.push(lookStride);
    if (process.env['SCALE_TRACE'])
      console.error(`tick at ${Math.round(t0)} ms: ${Math.round(performance.now() - t0)} ms`);
    tickMs.push(performance.now() - t0);
    const spent = cpu(before);
    tickCpu += spent;
    tickCpuMs.push(Math.round(spent * 1000));
    // As the controller's loop: the next tick 1 s after this one started, or at once when late.
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
  }
  const wall = (performance.now() - wallStart) / 1000;
  const processCpu = cpu(cpuStart);
  gcObserver.disconnect();
  const profile = stopProfile ? await stopProfile() : undefined;
  const churn = stopChurn ? await stopChurn() : undefined;
  const survivors = stopSurvivors ? await stopSurvivors() : undefined;
  noteMemory('measured');
  // With node --expose-gc: what stays after full collections (typed arrays' stores are freed by a
  // sweeper after the collection that found them dead, hence two with a pause between).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
    noteMemory('collected');
  }
  const heap = stopHeap ? await stopHeap() : undefined;
  const counts = structuredClone(counted.counts);

  const phases: Record<string, number> = {};
  for (const r of await controller.deps.rollouts.list()) {
    phases[r.body.status.phase] = (phases[r.body.status.phase] ?? 0) + 1;
  }
  const sorted = [...tickMs].sort((a, b) => a - b);
  const q = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  const result: ScaleResult = {
    database: postgres ? 'postgres' : 'sqlite',
    rollouts,
    ageSec,
    seconds: wall,
    setup: { seedSec, startSec, backfillSec, warmupMs },
    ticks: tickMs.length,
    tickMs: {
      p50: q(0.5),
      p99: q(0.99),
      max: sorted.at(-1) ?? NaN,
      mean: tickMs.reduce((a, b) => a + b, 0) / tickMs.length,
    },
    tickSeriesMs: tickMs.map((t) => Math.round(t)),
    tickCpuSeriesMs: tickCpuMs,
    lookStrideSeries: lookStrides,
    importMaxMs,
    overruns: tickMs.filter((t) => t > 1000).length,
    gcMsPerSecond: {
      minor: Math.round(gcMs.minor / wall),
      major: Math.round(gcMs.major / wall),
      other: Math.round(gcMs.other / wall),
    },
    cpuShare: { ticks: tickCpu / wall, telemetry: feedCpu / wall, process: processCpu / wall },
    perSecond: {
      reads: counts.reads / wall,
      writes: counts.writes / wall,
      writesByTable: Object.fromEntries(Object.entries(counts.writesByTable).map(([k, v]) => [k, v / wall])),
    },
    phases,
    rssMb: process.memoryUsage().rss / 2 ** 20,
    rssMaxMb: process.resourceUsage().maxRSS / 1024,
    profile,
    heap,
    churn,
    survivors,
    memory,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  health.close();
  if (postgres)
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(raw.db).catch(() => undefined);
  await raw.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
