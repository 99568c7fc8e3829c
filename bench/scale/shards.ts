/**
 * Controllers that share the work: C `ripcord up --controller-shards S` processes on one fresh
 * PostgreSQL database (RIPCORD_TEST_POSTGRES_URL's server), each on its own ports, with N canary
 * rollouts seeded beforehand. Measured: each controller's ticks over the window (count, mean, the
 * p99 bucket bound from its /api/v1/metrics), the shards it leads (its advisory locks), CPU and
 * RSS; then shard failover: `kill -9` one controller, and the time until the others lead every
 * shard again, and until each of them has completed a tick since (the killed one's rollouts
 * reconciled again).
 *
 *   npx tsx bench/scale/shards.ts [--controllers 4] [--rollouts 1000] [--shards 16] [--seconds 30]
 *     [--no-write]
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createStoreController } from '../../src/server/store-controller.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { openStore } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { processUsage, spawnRipcord } from '../fleet/cli-process.js';
import type { RipcordProcess } from '../fleet/cli-process.js';
import { TRIGGERS } from '../recovery/scenarios.js';
import { ACTOR, seedModels } from './seed-models.js';
import { advisoryLocksBySession, tickFigures, tickHistogram } from './shard-probes.js';
import type { TickHistogram } from './shard-probes.js';

const { values } = parseArgs({
  options: {
    controllers: { type: 'string', default: '4' },
    rollouts: { type: 'string', default: '1000' },
    shards: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '30' },
    'no-write': { type: 'boolean', default: false },
  },
});
const C = Number(values.controllers);
const N = Number(values.rollouts);
const S = Number(values.shards);
const SECONDS = Number(values.seconds);
const serverUrl = process.env['RIPCORD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `ripcord_shards_${process.pid}`;
const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const load0 = loadavg()[0]!;

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const health = createServer((_req, res) => res.end('ok'));
await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
const backend = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
const planes: { proc: RipcordProcess; url: string; dataDir: string }[] = [];
const out: string[] = [];
const say = (line: string): void => {
  console.log(line);
  out.push(line);
};

try {
  // Seed through the store, as the API would: models, releases and a canary rollout each.
  let t0 = performance.now();
  const store = await openStore({ url: dbUrl });
  const registry = createRegistry({ store });
  const seeder = createStoreController({
    store,
    registry,
    telemetry: createTelemetry({ clock: { now: Date.now, sleep }, schemas: () => undefined }),
  });
  for (const m of await seedModels(registry, N, backend))
    await seeder.startRollout(
      {
        name: `${m.model}-canary`,
        model: m.model,
        release: m.candidate,
        canary: { steps: [{ setWeight: 5 }, { pause: { duration: '1h' } }] },
        analysis: { triggers: TRIGGERS },
      },
      ACTOR,
    );
  await store.close();
  say(`seeded ${N} models and canary rollouts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  t0 = performance.now();
  for (let i = 0; i < C; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), `ripcord-shards-${i}-`));
    const proc = spawnRipcord([
      'up',
      '--data',
      dataDir,
      '--database',
      dbUrl,
      '--controller-shards',
      String(S),
      '--port',
      '0',
      '--gateway-port',
      '0',
    ]);
    planes.push({ proc, url: (await proc.line(/listening on (\S+) \(/))[1]!, dataDir });
  }
  const token = (
    JSON.parse(readFileSync(join(planes[0]!.dataDir, 'credentials'), 'utf8')) as { token: string }
  ).token;
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const held = async (): Promise<number[]> =>
    [...(await advisoryLocksBySession(db)).values()].map((n) => n - 1).sort((a, b) => b - a);
  // Settled: every shard led and the shares fair (a newcomer takes its share on the others' next tick).
  const fair = (h: number[], members: number): boolean =>
    h.length === members && h.reduce((a, b) => a + b, 0) === S && h[0]! <= Math.ceil(S / members);
  while (!fair(await held(), C)) await sleep(250);
  say(
    `${C} controllers started and sharing ${S} shards after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const read = (): Promise<TickHistogram[]> => Promise.all(planes.map((p) => tickHistogram(p.url, token)));
  await sleep(5000);
  const before = await read();
  const cpuBefore = planes.map((p) => processUsage(p.proc.child.pid!).cpuSec);
  await sleep(SECONDS * 1000);
  const after = await read();
  const shares = await held();
  say(`window ${SECONDS} s; shards led per controller: ${shares.join(', ')}`);
  say('| controller | ticks | mean tick ms | p99 tick ≤ ms | CPU-s per s | RSS MB |');
  say('| ---------- | ----- | ------------ | ------------- | ----------- | ------ |');
  planes.forEach((p, i) => {
    const f = tickFigures(before[i]!, after[i]!);
    const usage = processUsage(p.proc.child.pid!);
    say(
      // No tick ended in the window: no mean and no bucket to quote (not NaN, not the lowest bucket).
      `| ${i + 1} | ${f.ticks} | ${f.ticks > 0 ? f.meanMs.toFixed(0) : '–'} | ${f.ticks > 0 ? f.p99UpToMs : '–'} | ${((usage.cpuSec - cpuBefore[i]!) / SECONDS).toFixed(2)} | ${(usage.rssBytes / 2 ** 20).toFixed(0)} |`,
    );
  });

  // Failover: kill -9 the last controller; its session's locks go with it.
  const victim = planes.at(-1)!;
  const survivors = planes.slice(0, -1);
  const ticksAtKill = await Promise.all(survivors.map((p) => tickHistogram(p.url, token)));
  const killedAt = Date.now();
  await victim.proc.kill();
  while (!fair(await held(), C - 1)) await sleep(50);
  const ledAt = Date.now();
  // A tick that starts after the takeover reconciles the shards taken: wait for one on each survivor.
  const ledTicks = await Promise.all(survivors.map((p) => tickHistogram(p.url, token)));
  const tickedAt: number[] = [];
  for (const [i, p] of survivors.entries()) {
    while ((await tickHistogram(p.url, token)).count < ledTicks[i]!.count + 1) await sleep(50);
    tickedAt.push(Date.now());
  }
  const ticksBetween = survivors.map((_, i) => ledTicks[i]!.count - ticksAtKill[i]!.count);
  say(
    `failover: kill -9 of one controller → its shards led by the ${C - 1} others after ${((ledAt - killedAt) / 1000).toFixed(2)} s` +
      ` (shares ${(await held()).join(', ')}), every survivor through a tick since after ${((Math.max(...tickedAt) - killedAt) / 1000).toFixed(2)} s` +
      ` (survivors' ticks meanwhile: ${ticksBetween.join(', ')})`,
  );
  await db.end();
} finally {
  for (const p of planes) {
    await p.proc.stop();
    rmSync(p.dataDir, { recursive: true, force: true });
  }
  health.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
say(`load average ${load0.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end (2 cores)`);

if (!values['no-write']) {
  const results = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
  appendFileSync(
    results,
    [
      '',
      `## Controllers sharing the work: ${C} × \`ripcord up --controller-shards ${S}\` on PostgreSQL`,
      '',
      `\`npx tsx bench/scale/shards.ts --controllers ${C} --rollouts ${N} --shards ${S} --seconds ${SECONDS}\`:` +
        ` ${C} real processes on one fresh database, each on its own ports, ${N} canary rollouts at a 5 % step` +
        ' (no traffic: the ticks read, judge and write, the gateways serve nothing). Tick figures from each' +
        " controller's `/api/v1/metrics` (the p99 is the histogram bucket it falls under); shards led are each" +
        " session's advisory locks in `pg_locks`.",
      '',
      // A blank line before and after the table, for Markdown to render it.
      ...out.flatMap((l, i) =>
        l.startsWith('|')
          ? [...(out[i - 1]?.startsWith('|') ? [] : ['']), l, ...(out[i + 1]?.startsWith('|') ? [] : [''])]
          : [`${l}.`],
      ),
      '',
    ].join('\n'),
  );
}
