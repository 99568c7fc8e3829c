/** A webhook that names secretEnv is signed or not sent: never an unsigned delivery by accident. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { createHarness } from './harness.js';
import type { Harness } from './harness.js';

const VARIABLE = 'RIPCORD_TEST_PAGER_SECRET';

for (const database of await testDatabases()) {
  describe(`webhook secrets on ${database.name}`, () => {
    let h: Harness;
    let receiver: http.Server | undefined;
    afterEach(async () => {
      delete process.env[VARIABLE];
      await h.close();
      await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    });

    const spec = (url: string) => ({
      name: 'recsys-v2',
      model: 'recsys',
      release: 'recsys-v2-enc5',
      canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
      analysis: { triggers: ['hard: p95 latency up > 30% for 10s'] },
      webhooks: [{ name: 'pager', url, secretEnv: VARIABLE }],
    });

    it('refuses a rollout whose webhook secret variable is unset, naming the field and the variable', async () => {
      h = await createHarness(database);
      await expect(h.controller.startRollout(spec('http://127.0.0.1:9/hook'), admin)).rejects.toMatchObject({
        code: 'validation',
        details: { field: 'webhooks[0].secretEnv' },
        message: expect.stringContaining(`environment variable ${VARIABLE} is not set`),
      });
    });

    it('does not deliver unsigned when the variable is gone by the time of the rollback', async () => {
      const deliveries: http.IncomingHttpHeaders[] = [];
      receiver = http.createServer((req, res) => {
        deliveries.push(req.headers);
        req.resume();
        res.end('ok');
      });
      await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      h = await createHarness(database);
      process.env[VARIABLE] = 's3cret';
      await h.controller.startRollout(spec(url), admin);
      delete process.env[VARIABLE];
      for (let s = 0; s < 10; s += 1) await h.second();
      for (let s = 0; s < 120; s += 1) {
        if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.rollback) break;
        await h.second({ v2LatencyMs: 40 });
      }
      for (let s = 0; s < 5; s += 1) await h.second();
      const { status } = (await h.controller.deps.rollouts.require('recsys-v2')).body;
      expect(deliveries).toEqual([]);
      // The webhook action fails saying which variable is missing (its value never shown)...
      expect(JSON.stringify(status)).toContain(`environment variable ${VARIABLE} is not set`);
      // ...and the steps before it (traffic back on the target) are done.
      expect((await h.registry.getTrafficPolicy('recsys'))?.weights ?? []).toEqual([]);
    });
  });
}
