/**
 * Issue 5, e2e 6: a rollout whose rollback would have nowhere healthy to go refuses to start
 * (409 over the API: the state refuses it; 412 is for a stale If-Match) with a message that says why and what to do, and changes nothing.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { e2eDatabases } from './e2e-databases.js';
import { startE2e } from './harness.js';
import type { E2e } from './harness.js';
import { V1, V2 } from './seed-recsys.js';

interface Problem {
  status: number;
  detail: string;
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const canary = (name: string, model: string, release: string, more: Record<string, unknown> = {}) => ({
  name,
  model,
  release,
  canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
  analysis: { triggers: ['hard: error rate > 5% for 10s'] },
  ...more,
});

for (const database of await e2eDatabases()) {
  describe(`rollback target on ${database.name}`, () => {
    let e2e: E2e | undefined;
    afterEach(async () => e2e?.close());

    it('refuses to start when the last-known-good release is down, and changes nothing', async () => {
      e2e = await startE2e({ database });
      const { api } = e2e;
      await api.send('POST', '/releases', {
        name: 'recsys-v1-old',
        model: 'recsys',
        modelVersion: 1,
        features: [{ name: 'item-encoder', version: '4' }],
        serving: { backends: [{ url: `http://127.0.0.1:${await closedPort()}` }] },
      });
      await api.send('PUT', '/models/recsys/aliases/last-known-good', { release: 'recsys-v1-old' });
      const trafficBefore = await api.get('/traffic/recsys');

      const refused = await api.call<Problem>('POST', '/rollouts', canary('recsys-v2', 'recsys', V2));
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(
        /^refusing to start: rollback target "recsys-v1-old" is not healthy \(http:\/\/127\.0\.0\.1:\d+\/healthz unreachable .*\); a rollback must have somewhere healthy to go\. Fix it, name another with rollbackTo, or set allowFallback: true$/,
      );
      expect((await api.call('GET', '/rollouts/recsys-v2')).status).toBe(404);
      expect(await api.get('/traffic/recsys')).toEqual(trafficBefore);
      expect(await api.get('/audit?action=rollout.start')).toEqual([]);

      // Naming a healthy target explicitly is the documented way out.
      const started = await api.call<{ status: { rollbackTarget: unknown } }>(
        'POST',
        '/rollouts',
        canary('recsys-v2', 'recsys', V2, { rollbackTo: V1 }),
      );
      expect(started.status).toBe(201);
      expect(started.body.status.rollbackTarget).toMatchObject({ release: V1, reason: 'designated' });
      expect(await api.get('/audit?action=rollout.start')).toEqual([
        expect.objectContaining({ target: 'rollout/recsys-v2', actor: 'admin' }),
      ]);
    });

    it('refuses to start when the registry knows no rollback target at all', async () => {
      e2e = await startE2e({ database });
      const { api } = e2e;
      await api.send('PUT', '/models/ranker', { owner: 'search', protocol: 'tfserving' });
      for (const version of [1, 2]) {
        await api.send('POST', '/models/ranker/versions', {
          version,
          artifactUri: `s3://models/ranker/${version}/`,
          digest: `sha256:${String(version).repeat(64)}`,
          framework: 'xgboost',
        });
        await api.send('POST', '/releases', {
          name: `ranker-${version}`,
          model: 'ranker',
          modelVersion: version,
          serving: { backends: [{ url: version === 1 ? e2e.v1.url : e2e.v2.url }] },
        });
      }
      await api.send('PUT', '/traffic/ranker', { stable: 'ranker-1' });

      const refused = await api.call<Problem>('POST', '/rollouts', canary('ranker-2', 'ranker', 'ranker-2'));
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toBe(
        'refusing to start: no rollback target for ranker: no last-known-good alias, no release marked as a ' +
          'healthy baseline, and no earlier production release other than "ranker-2"; designate one with ' +
          '`ripcord alias set ranker last-known-good RELEASE`; or set allowFallback: true to rely on the fallback',
      );
      expect((await api.call('GET', '/rollouts/ranker-2')).status).toBe(404);
      expect(await api.get('/traffic/ranker')).toMatchObject({ stable: 'ranker-1', weights: [] });
    });
  });
}
