/**
 * Who decides what users are served: a disabled encoder flag wins over the stable release, and an
 * operator's traffic write during a rollout is refused (409 naming the rollout) instead of being
 * accepted and then silently undone by the controller.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BODY, jsonReply, PREDICT, send, startBackend, type TestBackend } from '../gateway/kit.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

for (const database of await testDatabases()) {
  describe(`traffic ownership on ${database.name}`, () => {
    let v1: TestBackend;
    let v2: TestBackend;
    let plane: ControlPlane;
    let parts: ReturnType<typeof standardPlugins>;
    let token: string;

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${plane.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    beforeEach(async () => {
      v1 = await startBackend(jsonReply({ predictions: [{ items: ['a'] }] }));
      v2 = await startBackend(jsonReply({ predictions: [{ items: ['b'] }] }));
      parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 3_600_000 } });
      const connection = database.connection();
      plane = await startControlPlane({
        dataDir: mkdtempSync(join(tmpdir(), 'ripcord-owner-')),
        databaseUrl: connection.url,
        databaseSchema: connection.schema,
        port: 0,
        plugins: parts.list,
      });
      token = plane.bootstrapToken!;
      await seedRecommender(plane.registry, { v1: v1.url, v2: v2.url });
      await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
      await plane.registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', admin);
      await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
    });

    afterEach(async () => {
      await plane.close();
      await Promise.all([v1.close(), v2.close()]);
    });

    it('never serves a stable release whose encoder flag is disabled', async () => {
      expect((await api('PUT', '/flags/item-encoder@5', { enabled: false })).status).toBe(200);
      const refused = await api('PUT', '/traffic/recsys', { stable: 'recsys-v2-enc5' });
      expect(refused.status).toBe(400);
      expect(refused.body['field']).toBe('stable');
      expect(String(refused.body['detail'])).toMatch(/uses item-encoder@5, whose flag is disabled/);
      await expect(
        parts.controller.controller().startRollout(
          {
            name: 'recsys-v2',
            model: 'recsys',
            release: 'recsys-v2-enc5',
            blueGreen: { autoPromote: true },
            analysis: { triggers: ['hard: error rate > 5% for 30s'] },
          },
          admin,
        ),
      ).rejects.toThrow(/item-encoder@5, whose flag is disabled/);

      // Flag turned off while the release is already stable: the gateway refuses to serve it.
      await api('PUT', '/flags/item-encoder@5', { enabled: true });
      expect((await api('PUT', '/traffic/recsys', { stable: 'recsys-v2-enc5' })).status).toBe(200);
      await api('PUT', '/flags/item-encoder@5', { enabled: false });
      const gated = await send(parts.gateway.url(), PREDICT, { body: BODY });
      expect(gated.status).toBe(503);
      expect(gated.text).toMatch(/recsys-v2-enc5.*item-encoder@5/);
      expect(v2.seen.filter((s) => s.path.includes('predict'))).toHaveLength(0);
    });

    it('answers 409 naming the rollout when an operator changes traffic a rollout drives', async () => {
      await parts.controller.controller().startRollout(
        {
          name: 'recsys-v2',
          model: 'recsys',
          release: 'recsys-v2-enc5',
          canary: { steps: [{ setWeight: 10 }, { pause: {} }] },
          analysis: { triggers: ['hard: error rate > 5% for 30s'] },
        },
        admin,
      );
      const put = await api('PUT', '/traffic/recsys', { stable: 'recsys-v1-enc4' });
      expect(put.status).toBe(409);
      expect(put.body).toMatchObject({ rollout: 'recsys-v2' });
      expect(String(put.body['detail'])).toMatch(/driven by rollout "recsys-v2" \(Paused\)/);
      const applied = await api('POST', '/apply', {
        documents: [
          {
            apiVersion: 'ripcord.dev/v1',
            kind: 'TrafficPolicy',
            metadata: { name: 'recsys' },
            spec: { stable: 'recsys-v1-enc4' },
          },
        ],
      });
      expect(applied.status).toBe(409);
      expect((await plane.registry.getTrafficPolicy('recsys'))?.weights).toEqual([
        { release: 'recsys-v2-enc5', weight: 10 },
      ]);

      await parts.controller.controller().command('recsys-v2', 'abort', { actor: 'alice' });
      expect((await api('PUT', '/traffic/recsys', { stable: 'recsys-v1-enc4' })).status).toBe(200);
    });
  });
}
