/**
 * A committed routing change reaches every connected remote gateway by push, read from the store
 * once for all of them (and the in-process gateway), not once per stream: the read sits on the
 * path from a rollback's commit to the gateways serving it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { RemoteRoutingSource } from '../../src/gateway/remote-routing-source.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { jsonReply, silent, startBackend, type TestBackend } from '../gateway/kit.js';
import type * as RoutingSnapshotModule from '../../src/store/routing-snapshot.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

const reads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/store/routing-snapshot.js', async (importOriginal) => {
  const original = await importOriginal<typeof RoutingSnapshotModule>();
  return {
    ...original,
    readRoutingSnapshot: (...args: Parameters<typeof original.readRoutingSnapshot>) => {
      reads.count++;
      return original.readRoutingSnapshot(...args);
    },
  };
});

const EDGES = 6;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

for (const database of await testDatabases()) {
  describe(`routing pushed to a fleet on ${database.name}`, () => {
    let v1: TestBackend;
    let v2: TestBackend;
    let plane: ControlPlane;
    let parts: ReturnType<typeof standardPlugins>;
    const edges: { gateway: Gateway; source: RemoteRoutingSource }[] = [];

    beforeEach(async () => {
      v1 = await startBackend(jsonReply({ predictions: [{ items: ['a'] }] }));
      v2 = await startBackend(jsonReply({ predictions: [{ items: ['b'] }] }));
      parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 3_600_000 } });
      const connection = database.connection();
      plane = await startControlPlane({
        dataDir: mkdtempSync(join(tmpdir(), 'ripcord-push-')),
        databaseUrl: connection.url,
        databaseSchema: connection.schema,
        port: 0,
        plugins: parts.list,
      });
      await seedRecommender(plane.registry, { v1: v1.url, v2: v2.url });
      await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
      for (let i = 0; i < EDGES; i++) {
        const gateway = createGateway({ logger: silent });
        const source = new RemoteRoutingSource({
          url: plane.url,
          token: plane.bootstrapToken!,
          name: `edge-${i}`,
          apply: (snapshot) => gateway.setRoutes(snapshot),
          served: () => gateway.routingHealth(),
          logger: silent,
        });
        await source.start();
        edges.push({ gateway, source });
      }
      const fleet = parts.gateway.fleet();
      await until(
        () => fleet.members().filter((m) => m.kind === 'remote' && m.report !== undefined).length === EDGES,
      );
    });

    afterEach(async () => {
      for (const { gateway, source } of edges.splice(0)) {
        await source.close();
        await gateway.close();
      }
      await plane.close();
      await Promise.all([v1.close(), v2.close()]);
    });

    it('reads a change once for every gateway, and pushes it to each one', async () => {
      reads.count = 0;
      const res = await fetch(`${plane.url}/api/v1/traffic/recsys`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${plane.bootstrapToken!}`, 'content-type': 'application/json' },
        body: JSON.stringify({ stable: 'recsys-v2-enc5' }),
      });
      expect(res.status).toBe(200);
      const { revision } = (await res.json()) as { revision: number };
      await parts.gateway.fleet().awaitApplied('recsys', revision);
      for (const { gateway } of edges)
        expect(gateway.routes()!.models.get('recsys')!.policy!.stable.name).toBe('recsys-v2-enc5');
      // One read for the in-process table and the six streams (each stream read its own before).
      expect(reads.count).toBe(1);
    });
  });
}
