/**
 * Remote gateways are judged: `ripcord gateway` processes ship their 1 s buckets to the control
 * plane, which merges them into what the controller reads. The reproduction: 100 requests
 * served by a remote gateway move the control plane's counters, and a regression served only by
 * remote gateways is rolled back, the decision saying how many gateways it merged. On PostgreSQL
 * the gateway follows a second replica, not the leader: its buckets reach the leader through the
 * store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../faults/fault-kit.js';
import type { CliProcess } from '../faults/fault-kit.js';
import { e2eApi } from './api-client.js';
import { e2eDatabases } from './e2e-databases.js';
import { FAST_SERVER, type RolloutView } from './harness.js';
import { startModelServers, type ModelServers } from './model-servers.js';
import { startPlaneProcess, type PlaneProcess } from './plane-process.js';
import { seedRecsys, V1, V2 } from './seed-recsys.js';
import { waitFor } from './wait-for.js';

interface FleetMember {
  name: string;
  posts: number;
  buckets: number;
  lastSeen: number;
}

/** Sends `n` predictions through `gatewayUrl`, `concurrency` at a time; returns the statuses seen. */
async function send(gatewayUrl: string, n: number, concurrency = 5): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const res = await request(`${gatewayUrl}/v1/models/recsys:predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': `user-${i}` },
        body: JSON.stringify({ instances: [{ user_id: `u${i}`, hour: 3 }] }),
      });
      await res.body.dump();
      statuses.push(res.statusCode);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

async function startGateway(
  planeUrl: string,
  token: string,
  name: string,
): Promise<{ proc: CliProcess; url: string }> {
  const proc = spawnCli([
    'gateway',
    '--control-plane',
    planeUrl,
    '--token',
    token,
    '--port',
    '0',
    '--name',
    name,
  ]);
  const url = (await proc.line(/gateway on (\S+) following/))[1]!;
  await waitFor(`${name} ready`, async () => (await fetch(`${url}/readyz`)).status === 200, {
    timeoutMs: 20_000,
  });
  return { proc, url };
}

for (const database of await e2eDatabases()) {
  describe(`fleet telemetry on ${database.name}`, () => {
    let models: ModelServers;
    const planes: PlaneProcess[] = [];
    const gateways: CliProcess[] = [];
    let dataDirs: string[] = [];
    let dropDatabase: (() => Promise<void>) | undefined;
    let api: ReturnType<typeof e2eApi>;
    /** The replica the remote gateways follow: the leader on SQLite, a follower on PostgreSQL. */
    let followed: PlaneProcess;

    beforeAll(async () => {
      models = await startModelServers({ v1: FAST_SERVER, v2: { ...FAST_SERVER, errorRate: 0.5 } });
      const db = await database.create();
      dropDatabase = db.drop;
      dataDirs = [
        mkdtempSync(join(tmpdir(), 'ripcord-fleet-a-')),
        mkdtempSync(join(tmpdir(), 'ripcord-fleet-b-')),
      ];
      const leader = await startPlaneProcess({
        dataDir: dataDirs[0]!,
        databaseUrl: db.url,
        readyTimeoutMs: 90_000,
      });
      planes.push(leader);
      followed = leader;
      api = e2eApi(leader.url, leader.token ?? '');
      await seedRecsys(api, { v1: models.v1.url, v2: models.v2.url });
      if (database.name === 'postgres') {
        // A second replica on the same database: it does not lead (the first holds the lease).
        followed = await startPlaneProcess({
          dataDir: dataDirs[1]!,
          databaseUrl: db.url,
          readyTimeoutMs: 90_000,
        });
        planes.push(followed);
      }
    }, 240_000);
    afterAll(async () => {
      for (const g of gateways) g.child.kill('SIGKILL');
      for (const p of planes) await p.stop();
      await models?.close();
      await dropDatabase?.();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it("moves the control plane's counters with 100 requests served by a remote gateway", async () => {
      const token = planes[0]!.token ?? '';
      const edge = await startGateway(followed.url, token, 'edge-1');
      gateways.push(edge.proc);
      const before = await api.get<{ requestsPerSecond: number; overMs: number }>(
        '/models/recsys/telemetry?over=2m',
      );
      expect(before.requestsPerSecond).toBe(0);
      expect((await send(edge.url, 100)).every((s) => s === 200)).toBe(true);
      // The leader's own in-process gateway served none of them.
      const after = await waitFor(
        '100 requests in the leader telemetry',
        async () => {
          const t = await api.get<{ requestsPerSecond: number; overMs: number }>(
            '/models/recsys/telemetry?over=2m',
          );
          return Math.round(t.requestsPerSecond * (t.overMs / 1000)) >= 100 ? t : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      expect(Math.round(after.requestsPerSecond * (after.overMs / 1000))).toBe(100);
      const members = await e2eApi(followed.url, token).get<FleetMember[]>('/telemetry/gateways');
      expect(members.map((m) => m.name)).toContain('edge-1');
      expect(members.find((m) => m.name === 'edge-1')!.buckets).toBeGreaterThan(0);
    }, 90_000);

    it('rolls back a regression served only by remote gateways, saying how many gateways it merged', async () => {
      const token = planes[0]!.token ?? '';
      const second = await startGateway(followed.url, token, 'edge-2');
      gateways.push(second.proc);
      const first = await startGateway(followed.url, token, 'edge-3');
      gateways.push(first.proc);
      await api.send('POST', '/rollouts', {
        name: 'fleet-canary',
        model: 'recsys',
        release: V2,
        rollbackTo: V1,
        canary: { steps: [{ setWeight: 50 }, { pause: {} }] },
        analysis: { triggers: ['hard: error rate > 5% for 3s'] },
      });
      await waitFor(
        'canary at 50 % on both gateways',
        async () => (await api.get<RolloutView>('/rollouts/fleet-canary')).status.weight === 50,
        { timeoutMs: 20_000 },
      );
      let stop = false;
      const traffic = Promise.all(
        [first.url, second.url].map(async (url) => {
          while (!stop) await send(url, 20, 2);
        }),
      );
      try {
        const done = await waitFor(
          'fleet-canary rolled back',
          async () => {
            const r = await api.get<RolloutView>('/rollouts/fleet-canary');
            return r.status.phase === 'RolledBack' ? r : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 250 },
        );
        expect(done.status.rollback).toMatchObject({ target: V1 });
        const decisions = await api.get<{ decision: { verdict: string; gateways?: number } }[]>(
          '/rollouts/fleet-canary/decisions',
        );
        const rollback = decisions.find((d) => d.decision.verdict === 'ROLLBACK_IMMEDIATELY');
        expect(rollback?.decision.gateways).toBe(2);
      } finally {
        stop = true;
        await traffic;
      }
    }, 120_000);
  });
}
