import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BODY,
  client,
  jsonReply,
  model,
  policy,
  PREDICT,
  release,
  send,
  snapshot,
  startBackend,
  type TestBackend,
} from './kit.js';
import { startClusterProcess, type ClusterProcess } from './cluster-process.js';

let backend: TestBackend;
let cluster: ClusterProcess;
let child: ClusterProcess['child'];
let base: string;

beforeAll(async () => {
  backend = await startBackend(jsonReply({ predictions: [{ items: ['a'] }] }));
  cluster = await startClusterProcess(
    snapshot({
      models: [model('recsys', { predictionPath: '$.predictions[*].items' })],
      releases: [release('v1', 'recsys', [backend.url]), release('v2', 'recsys', [backend.url])],
      policies: [policy('recsys', 'v1', { weights: [{ release: 'v2', weight: 50 }] })],
      kpis: { recsys: ['ctr'] },
    }),
  );
  ({ child, base } = cluster);
}, 60_000);

afterAll(async () => {
  await cluster.stop();
  await Promise.all([backend.close(), client.close()]);
});

describe('gateway cluster (--workers 2)', () => {
  it("serves on one port and merges every worker's telemetry into /metrics", async () => {
    for (let i = 0; i < 40; i++) {
      const c = new Client(base); // a new connection each time, so both workers take some
      const r = await c.request({
        path: PREDICT,
        method: 'POST',
        body: BODY,
        headers: { 'content-type': 'application/json' },
      });
      await r.body.text();
      expect(r.statusCode).toBe(200);
      await c.close();
    }
    let total = 0;
    for (let i = 0; i < 100 && total < 40; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const text = (await send(base, '/metrics')).text;
      total = [...text.matchAll(/ripcord_requests_total\{[^}]*outcome="ok"\} (\d+)/g)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    }
    expect(total).toBe(40);
  }, 30_000);

  it("holds every worker's sampled request/response pairs in the primary, redacted", async () => {
    await send(base, PREDICT, { body: BODY, headers: { authorization: 'Bearer secret' } });
    let samples: { request: { headers?: Record<string, unknown> } }[] = [];
    for (let i = 0; i < 50 && samples.length < 41; i++) {
      const line = new Promise<string>((resolve) => {
        const onData = (c: Buffer): void => {
          const text = c.toString();
          if (!text.startsWith('samples ')) return;
          child.stdout!.off('data', onData);
          resolve(text.slice('samples '.length));
        };
        child.stdout!.on('data', onData);
      });
      child.kill('SIGUSR2');
      samples = JSON.parse(await line) as typeof samples;
      await new Promise((r) => setTimeout(r, 100));
    }
    // 40 requests from the test above (over both workers) and this one: every one sampled (rate 1).
    expect(samples).toHaveLength(41);
    const withAuth = samples.filter((s) => s.request.headers?.authorization !== undefined);
    expect(withAuth.map((s) => s.request.headers?.authorization)).toEqual(['[redacted]']);
  }, 30_000);

  it('accepts feedback for a request served by any worker', async () => {
    const headers = { authorization: 'Bearer cluster-feedback-token-0123' };
    // Fresh connections, so requests and feedback land on either worker.
    for (let i = 0; i < 6; i++) {
      const served = await send(base, PREDICT, { body: BODY });
      expect(served.status).toBe(200);
      await client.close();
      const r = await send(base, '/feedback', {
        headers,
        body: JSON.stringify({ requestId: served.headers['x-request-id'], metric: 'ctr', value: 1 }),
      });
      expect(r.status).toBe(202);
      await client.close();
    }
    const unknownKpi = await send(base, '/feedback', {
      headers,
      body: JSON.stringify({ requestId: 'not-issued', metric: 'made-up', value: 1 }),
    });
    expect(unknownKpi.status).toBe(422);
  });

  it('stops its workers when the primary stops', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(send(base, '/healthz')).rejects.toThrow();
  });
});
