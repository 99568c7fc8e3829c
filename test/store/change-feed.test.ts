/**
 * Replicas on one PostgreSQL store told of each other's commits at once (store/change-feed.ts,
 * migration 007): the routing watch and the fleet telemetry react within milliseconds, where they
 * used to wait for their next poll. Each replica here polls once a minute, so only an announcement
 * can pass these tests in time. PostgreSQL only: SQLite is one process and has no feed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { FleetTelemetry } from '../../src/server/fleet-telemetry.js';
import { fleetRoutingWatch } from '../../src/server/fleet-routing-watch.js';
import { postgresChangeFeed } from '../../src/store/change-feed.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';
import { POSTGRES_URL, testDatabases } from '../support/databases.js';

const databases = await testDatabases();
const postgres = databases.find((d) => d.name === 'postgres');
const sqlite = databases.find((d) => d.name === 'sqlite');

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function replicas(): Promise<[Store, Store]> {
  const first = await postgres!.open();
  const second = await postgres!.reopen(first);
  open.push(first, second);
  return [first, second];
}

async function audit(store: Store, action = 'test'): Promise<void> {
  await store.db
    .insertInto('audit')
    .values({
      at: new Date().toISOString(),
      actor: 'test',
      action,
      target: 'm',
      reason: null,
      before: null,
      after: null,
      request_id: null,
    })
    .execute();
}

const WAIT = { timeout: 5_000, interval: 20 };

describe.skipIf(!postgres)('change feed between replicas (postgres)', () => {
  it('announces another connection’s commit to a watched table, not a rolled-back one', async () => {
    const [writer, reader] = await replicas();
    const heard = vi.fn();
    reader.changes!.on('audit', heard);
    // The listening connection opens on the first `on`: a commit before it would go unheard.
    expect(await reader.changes!.ready()).toBe(true);
    await writer.transaction(async () => {
      await audit(writer);
      expect(heard).not.toHaveBeenCalled(); // not before the commit
    });
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1), WAIT);
    await expect(
      writer.transaction(async () => {
        await audit(writer);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await audit(writer);
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(2), WAIT);
  });

  it('does not announce commits to another schema of the same database', async () => {
    const [, reader] = await replicas();
    const [elsewhere] = await replicas();
    const audits = vi.fn();
    const posts = vi.fn();
    reader.changes!.on('audit', audits);
    reader.changes!.on('fleet_buckets', posts);
    expect(await reader.changes!.ready()).toBe(true);
    await audit(elsewhere);
    // A marker committed after it: notifications arrive in commit order, so once the marker is
    // heard the other schema's commit would have been too.
    await reader.db
      .insertInto('fleet_buckets')
      .values({ gateway: 'g', instance: 'i', seq: 1, received_at: Date.now(), body: '[]' })
      .execute();
    await vi.waitFor(() => expect(posts).toHaveBeenCalledTimes(1), WAIT);
    expect(audits).not.toHaveBeenCalled();
  });

  it('reopens a dropped listening connection and tells every listener once, then keeps announcing', async () => {
    const [writer, reader] = await replicas();
    const name = `feed-${randomUUID().slice(0, 8)}`;
    const feed = postgresChangeFeed({
      connectionString: POSTGRES_URL,
      schema: schemaOf(reader),
      applicationName: name,
      backoff: { initialMs: 50, maxMs: 200 },
    });
    open.push(feed);
    const audits = vi.fn();
    const posts = vi.fn();
    const failures = vi.fn();
    feed.on('audit', audits);
    feed.on('fleet_buckets', posts);
    feed.onFailure(failures);
    expect(await feed.ready()).toBe(true);
    expect(await sessions(name)).toBe(1);
    await terminate(name);
    await vi.waitFor(() => expect(failures).toHaveBeenCalled(), WAIT);
    // Back: both listeners told once (commits meanwhile were not announced), then commits heard again.
    await vi.waitFor(() => expect(posts).toHaveBeenCalledTimes(1), WAIT);
    expect(audits).toHaveBeenCalledTimes(1);
    expect(await feed.ready()).toBe(true);
    await audit(writer);
    await vi.waitFor(() => expect(audits).toHaveBeenCalledTimes(2), WAIT);
    expect(posts).toHaveBeenCalledTimes(1);
  });

  it('moves a replica’s routing watch on the other replica’s commit, long before its poll', async () => {
    const [writer, reader] = await replicas();
    const watch = fleetRoutingWatch(reader, silentLogger, { intervalMs: 60_000 });
    const changed = vi.fn();
    watch.onChange(changed);
    watch.start();
    open.push({ close: () => Promise.resolve(watch.stop()) });
    expect(await reader.changes!.ready()).toBe(true);
    await audit(writer, 'traffic.set');
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1), WAIT);
  });

  it('does not announce a head the replica has read already (its own commit), so it is read once', async () => {
    const [writer, reader] = await replicas();
    const known = vi.fn(() => Promise.resolve(Number.MAX_SAFE_INTEGER));
    const watch = fleetRoutingWatch(reader, silentLogger, { intervalMs: 60_000, known });
    const changed = vi.fn();
    watch.onChange(changed);
    watch.start();
    open.push({ close: () => Promise.resolve(watch.stop()) });
    expect(await reader.changes!.ready()).toBe(true);
    await audit(writer);
    await vi.waitFor(() => expect(known).toHaveBeenCalled(), WAIT);
    await new Promise((resolve) => setImmediate(resolve));
    expect(changed).not.toHaveBeenCalled();
  });

  it('merges a post another replica took as soon as it commits, long before the poll', async () => {
    const [leader, other] = await replicas();
    const clock: Clock = { now: () => START + 10_000, sleep: () => Promise.resolve() };
    const plane = (store: Store) => {
      const telemetry = createTelemetry({ clock, schemas: () => undefined });
      const fleet = new FleetTelemetry({
        telemetry: () => telemetry,
        clock,
        logger: silentLogger,
        store,
        pollMs: 60_000,
      });
      return { telemetry, fleet };
    };
    const judging = plane(leader);
    const taking = plane(other);
    judging.fleet.start();
    open.push({ close: () => judging.fleet.stop() });
    expect(await leader.changes!.ready()).toBe(true);
    await taking.fleet.ingest('edge-1', { instance: 'i', seq: 1, buckets: failedRequests(clock, 12) });
    await vi.waitFor(
      () =>
        expect(
          judging.telemetry.window({ model: 'm', release: 'v2', from: START, to: START + 10_000 }).outcomes
            .serverError,
        ).toBe(12),
      WAIT,
    );
  });
});

describe.skipIf(!sqlite)('change feed on SQLite', () => {
  it('is absent: one process owns the file, its own changes are announced in process', async () => {
    const store = await sqlite!.open();
    open.push(store);
    expect(store.changes).toBeUndefined();
  });
});

if (!postgres)
  process.stderr.write(
    'ripcord tests: change feed suites skipped: PostgreSQL not reachable (required in CI)\n',
  );

const START = 1_700_000_000_000;

function failedRequests(clock: Clock, n: number) {
  const t = createTelemetry({ clock, schemas: () => undefined });
  for (let i = 0; i < n; i++)
    t.record({
      model: 'm',
      release: 'v2',
      region: 'eu',
      at: START + 9_000 + i,
      outcome: 'serverError',
      latencyMs: 10,
    });
  return t.exportBuckets(0).buckets;
}

function schemaOf(store: Store): string {
  const match = /\(schema ([a-z0-9_]+)\)/.exec(store.dialect.description);
  if (!match?.[1]) throw new Error(`no schema in ${store.dialect.description}`);
  return match[1];
}

async function sessions(applicationName: string): Promise<number> {
  return withClient(async (client) => {
    const result = await client.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
       where application_name = $1 and datname = current_database() and query ilike 'listen %'`,
      [applicationName],
    );
    return Number(result.rows[0]?.n ?? 0);
  });
}

async function terminate(applicationName: string): Promise<void> {
  await withClient((client) =>
    client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where application_name = $1 and datname = current_database()`,
      [applicationName],
    ),
  );
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
