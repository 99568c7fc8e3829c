/**
 * Controllers that share the work, as processes on one PostgreSQL database: two control planes
 * with `shards: 2` split the models' shards; the one leading the shard of `recsys` is killed
 * (SIGKILL) in the middle of a canary, and the survivor takes the shard over and rolls the
 * regression back, judged on the traffic its own gateway serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/leases/shard-leases.js';
import { e2eApi } from './api-client.js';
import { e2eDatabases } from './e2e-databases.js';
import { FAST_SERVER, type RolloutView } from './harness.js';
import { startModelServers, type ModelServers } from './model-servers.js';
import { startPlaneProcess, type PlaneProcess } from './plane-process.js';
import { seedRecsys, V1, V2 } from './seed-recsys.js';
import { waitFor } from './wait-for.js';

const postgres = (await e2eDatabases()).find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('controllers sharing the models on PostgreSQL', () => {
  let models: ModelServers | undefined;
  const planes: PlaneProcess[] = [];
  const dirs: string[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const p of planes) await p.kill();
    await models?.close();
    await drop?.();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 60_000);

  it("moves a dead controller's shard to the survivor within seconds", async () => {
    models = await startModelServers({ v1: FAST_SERVER, v2: { ...FAST_SERVER, errorRate: 0.5 } });
    const db = await postgres!.create();
    drop = db.drop;
    const start = async (): Promise<PlaneProcess> => {
      const dir = mkdtempSync(join(tmpdir(), 'ripcord-shards-'));
      dirs.push(dir);
      const plane = await startPlaneProcess({
        dataDir: dir,
        databaseUrl: db.url,
        shards: 2,
        readyTimeoutMs: 90_000,
      });
      planes.push(plane);
      return plane;
    };
    const first = await start();
    const token = first.token ?? '';
    await seedRecsys(e2eApi(first.url, token), { v1: models.v1.url, v2: models.v2.url });
    const second = await start();
    // The first holds both shards until the second joins; then it keeps shard 0, the second takes 1.
    const [owner, survivor] = shardOf('recsys', 2) === 0 ? [first, second] : [second, first];
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const api = e2eApi(survivor.url, token);
    await api.send('POST', '/rollouts', {
      name: 'sharded-canary',
      model: 'recsys',
      release: V2,
      rollbackTo: V1,
      canary: { steps: [{ setWeight: 50 }, { pause: {} }] },
      analysis: { triggers: ['hard: error rate > 5% for 3s'] },
    });
    await waitFor(
      'canary at 50 %',
      async () => (await api.get<RolloutView>('/rollouts/sharded-canary')).status.weight === 50,
      { timeoutMs: 30_000 },
    );
    await owner.kill();
    const killedAt = Date.now();
    let stop = false;
    const traffic = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await request(`${survivor.gatewayUrl}/v1/models/recsys:predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-user-id': `user-${i}` },
          body: JSON.stringify({ instances: [{ user_id: `u${i}`, hour: 3 }] }),
        }).catch(() => undefined);
        await res?.body.dump();
      }
    })();
    try {
      const done = await waitFor(
        'the survivor rolled the canary back',
        async () => {
          const r = await api.get<RolloutView>('/rollouts/sharded-canary');
          return r.status.phase === 'RolledBack' ? r : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      expect(done.status.rollback).toMatchObject({ target: V1 });
      // Shard takeover within a tick or two, then the 3 s trigger window and the rollback itself.
      expect(Date.now() - killedAt).toBeLessThan(30_000);
    } finally {
      stop = true;
      await traffic;
    }
  }, 240_000);
});
