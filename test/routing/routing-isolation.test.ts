/**
 * One invalid release or policy must never freeze routing: the registry refuses what a gateway
 * would refuse, a bad model that reaches the store anyway blocks only itself (visibly), and a
 * rollback whose traffic no gateway can apply escalates instead of reporting RolledBack.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BODY, silent, jsonReply, PREDICT, send, startBackend, type TestBackend } from '../gateway/kit.js';
import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { RemoteRoutingSource } from '../../src/gateway/remote-routing-source.js';
import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';
import type { Incident } from '../../src/incidents/index.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { testDatabases } from '../support/databases.js';
import { admin, digestOf, seedRecommender } from '../support/fixtures.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** Writes a release straight into the store, past every check (an old version, a manual fix). */
async function insertReleaseDirectly(plane: ControlPlane, name: string, model: string, url: string) {
  const now = new Date().toISOString();
  await plane.store.db
    .insertInto('releases')
    .values({
      name,
      model,
      model_version: 1,
      features: '[]',
      serving: JSON.stringify({ backends: [{ url, weight: 1 }], timeoutMs: 1000, headers: {} }),
      description: '',
      healthy_baseline: 0,
      archived: 0,
      marks: '[]',
      revision: 1,
      created_at: now,
      updated_at: now,
      created_by: 'direct',
    })
    .execute();
}

for (const database of await testDatabases()) {
  describe(`routing isolation on ${database.name}`, () => {
    let v1: TestBackend;
    let v2: TestBackend;
    let plane: ControlPlane;
    let parts: ReturnType<typeof standardPlugins>;
    let token: string;
    let gatewayUrl: string;

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${plane.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const servedBy = async (): Promise<string> =>
      String((await send(gatewayUrl, PREDICT, { body: BODY })).headers['x-ripcord-release']);

    beforeEach(async () => {
      v1 = await startBackend(jsonReply({ predictions: [{ items: ['a'] }] }));
      v2 = await startBackend(jsonReply({ predictions: [{ items: ['b'] }] }));
      parts = standardPlugins({
        gateway: { port: 0, applyTimeoutMs: 500 },
        controller: { tickMs: 3_600_000 },
      });
      const connection = database.connection();
      plane = await startControlPlane({
        dataDir: mkdtempSync(join(tmpdir(), 'ripcord-routing-')),
        databaseUrl: connection.url,
        databaseSchema: connection.schema,
        port: 0,
        plugins: parts.list,
      });
      token = plane.bootstrapToken!;
      gatewayUrl = parts.gateway.url();
      const { registry } = plane;
      await seedRecommender(registry, { v1: v1.url, v2: v2.url });
      await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
      await registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', admin);
      await registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
      await registry.upsertModel({ name: 'search', owner: 'search-team', protocol: 'json' }, admin);
      await registry.registerVersion(
        { model: 'search', version: 1, artifactUri: 's3://models/search/1/', digest: digestOf('c') },
        admin,
      );
    });

    afterEach(async () => {
      await plane.close();
      await Promise.all([v1.close(), v2.close()]);
    });

    it('refuses with 400 what a gateway would refuse, naming the field and the fix', async () => {
      for (const url of ['grpc://10.0.0.1:9000', 'file:///etc/passwd', 'ftp://models/x']) {
        const res = await api('POST', '/releases', {
          name: 'search-grpc',
          model: 'search',
          modelVersion: 1,
          serving: { backends: [{ url }] },
        });
        expect(res.status, url).toBe(400);
        expect(res.body['field']).toBe('serving.backends[0].url');
        expect(String(res.body['detail'])).toMatch(/use http:\/\/ or https:\/\//);
      }
      const route = (r: Record<string, string>) =>
        api('PUT', '/traffic/recsys', {
          stable: 'recsys-v1-enc4',
          headerRoutes: [{ header: 'x-beta', release: 'recsys-v2-enc5', ...r }],
        });
      const badRegex = await route({ regex: '(unclosed' });
      expect(badRegex.status).toBe(400);
      expect(badRegex.body['field']).toBe('headerRoutes[0].regex');
      const neither = await route({});
      expect(neither.status).toBe(400);
      expect(neither.body['field']).toBe('headerRoutes[0]');
      expect(String(neither.body['detail'])).toMatch(/give "value" .* or "regex"/);
      expect((await route({ regex: '^beta-' })).status).toBe(200);
    });

    it('keeps routing every other model when one bad release reaches the store, and shows it', async () => {
      expect(await servedBy()).toBe('recsys-v1-enc4');
      await insertReleaseDirectly(plane, 'search-grpc', 'search', 'grpc://10.0.0.1:9000');
      const moved = await api('PUT', '/traffic/recsys', { stable: 'recsys-v2-enc5' });
      expect(moved.status).toBe(200);
      expect(await servedBy()).toBe('recsys-v2-enc5');

      const ready = await send(gatewayUrl, '/readyz');
      expect(ready.status).toBe(503);
      const report = ready.json() as { status: string; failures: { model: string; field: string }[] };
      expect(report.status).toBe('stale');
      expect(report.failures).toEqual([
        expect.objectContaining({
          model: 'search',
          field: expect.stringMatching(/\(search-grpc\)\.serving\.backends\[0\]\.url$/) as unknown,
        }),
      ]);
      const metrics = (await send(gatewayUrl, '/metrics')).text;
      expect(metrics).toContain('ripcord_routing_model_stale{model="search"} 1');
      expect(metrics).toMatch(/ripcord_routing_revision \d+/);
      expect(metrics).toMatch(/ripcord_routing_table_age_seconds [\d.e-]+/);
    });

    it('escalates a rollback whose traffic the gateways cannot apply instead of reporting RolledBack', async () => {
      const controller = parts.controller.controller();
      await controller.startRollout(
        {
          name: 'recsys-v2',
          model: 'recsys',
          release: 'recsys-v2-enc5',
          canary: { steps: [{ setWeight: 50 }, { pause: {} }] },
          analysis: { triggers: ['hard: error rate > 5% for 30s'] },
        },
        admin,
      );
      expect((await plane.registry.getTrafficPolicy('recsys'))?.weights).toEqual([
        { release: 'recsys-v2-enc5', weight: 50 },
      ]);
      // From now on no gateway can compile recsys: it keeps serving the 50 % canary.
      await insertReleaseDirectly(plane, 'recsys-broken', 'recsys', 'ftp://models/broken');
      const events: string[] = [];
      controller.subscribe((e) => events.push(e.message));
      const after = await controller.command('recsys-v2', 'rollback', { actor: 'alice', reason: 'drill' });

      expect(after.status.phase).toBe('RollingBack');
      expect(after.status.rollback?.outcome).toBe('failed');
      expect(after.status.alerts.at(-1)?.message).toMatch(
        /rollback plan failed at traffic: .*not applied by every gateway.*gateway in-process serves revision/,
      );
      expect(events.some((m) => /escalated: rollback plan failed at traffic/.test(m))).toBe(true);
      const incident = await controller.deps.incidents.get(after.status.rollback!.eventId);
      expect((incident?.body as Incident).status).toBe('escalated');
      const routed = parts.gateway.gateway().routes()!.models.get('recsys')!;
      expect(routed.policy!.split.ends).toEqual([5000]);
    });

    it('waits for every remote gateway that follows it, and names the one that lags', async () => {
      const edge: Gateway = createGateway({ logger: silent });
      let refuse = false;
      const source = new RemoteRoutingSource({
        url: plane.url,
        token,
        name: 'edge-1',
        apply: (snapshot: RoutingSnapshot) => {
          if (refuse) throw new Error('cannot apply: out of memory');
          edge.setRoutes(snapshot);
        },
        served: () => edge.routingHealth(),
        logger: silent,
      });
      // A person watching the stream is not a gateway: nothing waits for it.
      const watcher = new AbortController();
      const watching = await fetch(`${plane.url}/api/v1/routing/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: watcher.signal,
      });
      expect(watching.status).toBe(200);
      await source.start();
      const fleet = parts.gateway.fleet();
      await until(() => fleet.members().some((m) => m.name === 'edge-1' && m.report !== undefined));
      expect(fleet.members().map((m) => m.name)).toEqual(['in-process', 'edge-1']);

      const moved = await api('PUT', '/traffic/recsys', { stable: 'recsys-v2-enc5' });
      await fleet.awaitApplied('recsys', moved.body['revision'] as number);
      expect(edge.routes()!.models.get('recsys')!.policy!.stable.name).toBe('recsys-v2-enc5');

      refuse = true;
      const back = await api('PUT', '/traffic/recsys', { stable: 'recsys-v1-enc4' });
      await expect(fleet.awaitApplied('recsys', back.body['revision'] as number)).rejects.toThrow(
        /not applied by every gateway within 500 ms: gateway edge-1 serves revision \d+/,
      );
      refuse = false;
      await source.close();
      // Its stream closed: it no longer receives changes, and nothing waits for it.
      await until(() => fleet.members().length === 1);
      await fleet.awaitApplied('recsys', back.body['revision'] as number);
      watcher.abort();
      await edge.close();
    });
  });
}
