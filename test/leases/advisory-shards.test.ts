/**
 * Controllers that share the work, at the lease: each store below is its own PostgreSQL session,
 * as each control-plane process has. Shards split about evenly among live controllers, never
 * held twice; a newcomer gets its share; a controller whose session ends (its process died)
 * frees its shards and the others take them on their next ask.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShardLeases } from '../../src/leases/shard-leases.js';
import { shardOf } from '../../src/leases/shard-leases.js';
import { storeShardLeases } from '../../src/server/fleet-shards.js';
import { openStore, type Store } from '../../src/store/index.js';
import { POSTGRES_URL, testDatabases } from '../support/databases.js';

const postgres = (await testDatabases()).some((d) => d.name === 'postgres');

/** Asks every controller `rounds` times, in turn, as their ticks would; returns what each holds. */
async function tick(leases: ShardLeases[], rounds = 2): Promise<number[][]> {
  let held: ReadonlySet<number>[] = [];
  for (let r = 0; r < rounds; r++) {
    held = [];
    for (const lease of leases) held.push(await lease.acquire());
  }
  return held.map((h) => [...h].sort((a, b) => a - b));
}

function expectPartition(held: number[][], shards: number): void {
  const all = held.flat().sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: shards }, (_, i) => i));
}

describe.skipIf(!postgres)('advisory shard leases on PostgreSQL', () => {
  const stores: Store[] = [];
  // A namespace (schema) of its own, so other suites' controllers on this database never count here.
  const schema = `shards_${randomBytes(4).toString('hex')}`;
  const open = async (): Promise<Store> => {
    const store = await openStore({ url: POSTGRES_URL, schema });
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    const cleanup = await openStore({ url: POSTGRES_URL });
    await cleanup.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await cleanup.close();
  });

  it('splits the shards among live controllers and moves a dead one’s shards to the others', async () => {
    const [a, b, c] = [await open(), await open(), await open()];
    const leaseA = storeShardLeases(a!, 16);
    const leaseB = storeShardLeases(b!, 16);
    const leaseC = storeShardLeases(c!, 16);

    expect((await tick([leaseA]))[0]).toHaveLength(16);

    // A second controller adds capacity: A gives up half, B takes it.
    const two = await tick([leaseA, leaseB], 3);
    expect(two.map((h) => h.length)).toEqual([8, 8]);
    expectPartition(two, 16);

    const three = await tick([leaseA, leaseB, leaseC], 3);
    expect(three.map((h) => h.length).sort()).toEqual([4, 6, 6]);
    expectPartition(three, 16);

    // B's process dies: its session ends, its locks go with it.
    await b!.close();
    const after = await tick([leaseA, leaseC], 2);
    expect(after.map((h) => h.length)).toEqual([8, 8]);
    expectPartition(after, 16);

    await leaseA.release();
    expect((await tick([leaseC]))[0]).toHaveLength(16);
  });

  it('puts every model in one fixed shard', () => {
    expect(shardOf('recsys', 16)).toBe(shardOf('recsys', 16));
    const spread = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`model-${i}`, 16)));
    expect(spread.size).toBe(16);
  });
});
