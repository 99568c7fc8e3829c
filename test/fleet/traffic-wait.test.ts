/**
 * An operator's traffic change that waits for the fleet (`PUT /traffic/{model}?wait=true`,
 * `ripcord traffic set --wait`): it answers once every remote gateway serves the new revision,
 * and names a gateway that does not instead of reporting a change nobody serves yet.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { RemoteRoutingSource } from '../../src/gateway/remote-routing-source.js';
import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { jsonReply, silent, startBackend, type TestBackend } from '../gateway/kit.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('traffic changes that wait for the fleet', () => {
  let backend: TestBackend;
  let plane: ControlPlane;
  let parts: ReturnType<typeof standardPlugins>;
  let dataDir: string;
  const edges: { gateway: Gateway; source: RemoteRoutingSource }[] = [];
  /** While true, edge-1 takes no new routing (a gateway stuck behind its stream). */
  let stuck = false;

  beforeAll(async () => {
    backend = await startBackend(jsonReply({ predictions: [{ items: ['a'] }] }));
    parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 3_600_000 } });
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-traffic-wait-'));
    plane = await startControlPlane({ dataDir, port: 0, plugins: parts.list });
    await seedRecommender(plane.registry, { v1: backend.url, v2: backend.url });
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
    for (let i = 0; i < 2; i++) {
      const gateway = createGateway({ logger: silent });
      const source = new RemoteRoutingSource({
        url: plane.url,
        token: plane.bootstrapToken!,
        name: `edge-${i}`,
        apply: (snapshot: RoutingSnapshot) => (i === 1 && stuck ? undefined : gateway.setRoutes(snapshot)),
        served: () => gateway.routingHealth(),
        logger: silent,
      });
      await source.start();
      edges.push({ gateway, source });
    }
    const fleet = parts.gateway.fleet();
    await until(
      () => fleet.members().filter((m) => m.kind === 'remote' && m.report !== undefined).length === 2,
    );
  });

  afterAll(async () => {
    for (const { gateway, source } of edges.splice(0)) {
      await source.close();
      await gateway.close();
    }
    await plane.close();
    await backend.close();
  });

  const put = async (stable: string, wait: boolean) => {
    const res = await fetch(`${plane.url}/api/v1/traffic/recsys${wait ? '?wait=true' : ''}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${plane.bootstrapToken!}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stable }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { revision: number; applied?: { confirmed: boolean; message: string } };
  };
  const servedBy = (i: number) => edges[i]!.gateway.routes()!.models.get('recsys')!.policy!.stable.name;

  it('answers once every remote gateway serves the new revision', async () => {
    const written = await put('recsys-v2-enc5', true);
    expect(written.applied).toEqual({
      confirmed: true,
      message: `every gateway serves revision ${written.revision}`,
    });
    expect([servedBy(0), servedBy(1)]).toEqual(['recsys-v2-enc5', 'recsys-v2-enc5']);
    // Without wait the answer says nothing of the gateways.
    expect((await put('recsys-v1-enc4', false)).applied).toBeUndefined();
  });

  it('names the gateway that does not serve it, keeps the write, and the CLI exits 1', async () => {
    await put('recsys-v1-enc4', true);
    stuck = true;
    try {
      const run = await runCli(dataDir, ['traffic', 'set', 'recsys', '--stable', 'recsys-v2-enc5', '--wait']);
      const out = run.stdout + run.stderr;
      expect(run.code, out).toBe(1);
      expect(out).toMatch(
        /traffic policy committed, not yet served everywhere: traffic policy of recsys \(revision \d+\) not applied by every gateway within 10000 ms: gateway edge-1 serves revision \d+/,
      );
      expect(out).not.toMatch(/edge-0/);
      expect((await plane.registry.getTrafficPolicy('recsys'))?.stable).toBe('recsys-v2-enc5');
      expect(servedBy(0)).toBe('recsys-v2-enc5');
    } finally {
      stuck = false;
    }
  }, 30_000);

  it('`traffic set --wait` says every gateway serves it, and exits 0', async () => {
    const run = await runCli(dataDir, ['traffic', 'set', 'recsys', '--stable', 'recsys-v1-enc4', '--wait']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/recsys-v1-enc4/);
    expect(run.stderr).toMatch(/^every gateway serves revision \d+\n$/);
  });
});
