/**
 * How long a control-plane replica on PostgreSQL takes to notice what another replica committed:
 * a traffic change (an audit row: its gateways must move) and a remote gateway's telemetry post
 * (a `fleet_buckets` row: the leader must judge it). Ours: told by the database on commit
 * (LISTEN/NOTIFY, store/change-feed.ts) with the polls kept as a safety net. Peer, in the same
 * run and alternated with ours: the polls alone (the routing watch reads the audit head every
 * 1 s, the fleet merge the table every 0.5 s), as replicas did before. Medians and p95 over
 * N commits each, CPU-seconds of this process beside.
 *
 *   npx tsx bench/fleet/replica-notice.ts [--commits 40] [--url postgres://…]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { silentLogger } from '../../src/core/logger.js';
import { FleetTelemetry } from '../../src/server/fleet-telemetry.js';
import { fleetRoutingWatch } from '../../src/server/fleet-routing-watch.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '40' },
    url: {
      type: 'string',
      default: process.env['RIPCORD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
  },
});
const COMMITS = Number(values.commits);
const URL = values.url;

type Mode = 'announced' | 'polled';

/** The same store with its change feed hidden: a replica that only polls. */
function pollingOnly(store: Store): Store {
  return Object.create(store, { changes: { value: undefined } }) as Store;
}

async function routingDelays(mode: Mode, writer: Store, reader: Store): Promise<number[]> {
  const watched = mode === 'polled' ? pollingOnly(reader) : reader;
  const watch = fleetRoutingWatch(watched, silentLogger);
  let noticed: (() => void) | undefined;
  watch.onChange(() => noticed?.());
  watch.start();
  if (mode === 'announced') await reader.changes!.ready();
  await sleep(1_100); // the first head read
  const delays: number[] = [];
  for (let i = 0; i < COMMITS; i++) {
    // A random phase against the poll, as a real change has.
    await sleep(Math.random() * 1_000);
    const seen = new Promise<void>((resolve) => (noticed = resolve));
    const start = performance.now();
    await writer.db
      .insertInto('audit')
      .values({
        at: new Date().toISOString(),
        actor: 'bench',
        action: 'traffic.set',
        target: 'm',
        reason: null,
        before: null,
        after: null,
        request_id: null,
      })
      .execute();
    await seen;
    delays.push(performance.now() - start);
  }
  watch.stop();
  return delays;
}

async function telemetryDelays(mode: Mode, writer: Store, reader: Store): Promise<number[]> {
  const clock = { now: () => Date.now(), sleep: (ms: number) => sleep(ms) };
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  const leader = new FleetTelemetry({
    telemetry: () => telemetry,
    clock,
    logger: silentLogger,
    store: mode === 'polled' ? pollingOnly(reader) : reader,
  });
  const takerTelemetry = createTelemetry({ clock, schemas: () => undefined });
  const taker = new FleetTelemetry({
    telemetry: () => takerTelemetry,
    clock,
    logger: silentLogger,
    store: writer,
  });
  leader.start();
  if (mode === 'announced') await reader.changes!.ready();
  const instance = randomBytes(4).toString('hex');
  const delays: number[] = [];
  for (let i = 0; i < COMMITS; i++) {
    await sleep(Math.random() * 500);
    const at = Date.now();
    // A second ahead, as a gateway's outbox runs, so the current second is exported.
    const gateway = createTelemetry({
      clock: { ...clock, now: () => Date.now() + 1_000 },
      schemas: () => undefined,
    });
    gateway.record({ model: 'm', release: 'v2', region: 'eu', at, outcome: 'serverError', latencyMs: 5 });
    const before = requests(telemetry, at);
    const start = performance.now();
    await taker.ingest('edge', { instance, seq: i + 1, buckets: gateway.exportBuckets(0).buckets });
    while (requests(telemetry, at) === before) await sleep(1);
    delays.push(performance.now() - start);
  }
  await leader.stop();
  return delays;
}

function requests(telemetry: ReturnType<typeof createTelemetry>, at: number): number {
  return telemetry.window({ model: 'm', release: 'v2', from: at - 60_000, to: at + 1_000 }).requests;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function replicas(): Promise<[Store, Store, () => Promise<void>]> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const writer = await openStore({ url: URL, schema });
  const reader = await openStore({ url: URL, schema });
  return [
    writer,
    reader,
    async () => {
      await writer.close();
      await reader.close();
      const client = new pg.Client({ connectionString: URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  ];
}

const results: Record<string, Record<Mode, number[]>> = {
  'traffic change → other replica told': { announced: [], polled: [] },
  'gateway post → other replica merged': { announced: [], polled: [] },
};
const cpuBefore = process.cpuUsage();
const cpu: Record<Mode, number> = { announced: 0, polled: 0 };
// Alternated rounds: announced, polled, polled, announced.
for (const mode of ['announced', 'polled', 'polled', 'announced'] as const) {
  const [writer, reader, drop] = await replicas();
  const startCpu = process.cpuUsage();
  results['traffic change → other replica told']![mode].push(...(await routingDelays(mode, writer, reader)));
  results['gateway post → other replica merged']![mode].push(
    ...(await telemetryDelays(mode, writer, reader)),
  );
  const used = process.cpuUsage(startCpu);
  cpu[mode] += (used.user + used.system) / 1e6;
  await drop();
}
const total = process.cpuUsage(cpuBefore);

console.log(
  `replica notice on ${URL.replace(/\/\/[^@]*@/, '//')}: ${COMMITS} commits per round, 2 rounds each, alternated`,
);
console.log('| what | announced: median ms | p95 ms | polled only: median ms | p95 ms | median ratio |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [what, byMode] of Object.entries(results)) {
  const a = byMode.announced;
  const p = byMode.polled;
  console.log(
    `| ${what} | ${quantile(a, 0.5).toFixed(1)} | ${quantile(a, 0.95).toFixed(1)} | ${quantile(p, 0.5).toFixed(1)} | ${quantile(p, 0.95).toFixed(1)} | ${(quantile(a, 0.5) / quantile(p, 0.5)).toFixed(3)}× |`,
  );
}
console.log(
  `CPU-s of this process: announced rounds ${cpu.announced.toFixed(2)}, polled rounds ${cpu.polled.toFixed(2)} (whole run ${((total.user + total.system) / 1e6).toFixed(2)}); load average ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
