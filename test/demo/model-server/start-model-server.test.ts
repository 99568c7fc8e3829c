import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { normalizedEntropy } from '../../../src/telemetry/diversity.js';
import {
  startModelServer,
  type ModelServer,
  type ModelServerOptions,
} from '../../../src/demo/model-server/start-model-server.js';

const servers: ModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: ModelServerOptions = {}): Promise<ModelServer> {
  const server = await startModelServer({ simulateLatency: false, ...options });
  servers.push(server);
  return server;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

interface TfPrediction {
  items: string[];
  scores: number[];
}

describe('startModelServer', () => {
  it('answers TF Serving predict with five items per instance, its version and the features it got', async () => {
    const server = await start({ version: 'v2' });
    const res = await post(
      `${server.url}/v1/models/recsys:predict`,
      { instances: [{ user_id: 'u1', hour: 9 }, { user_id: 'u2' }] },
      { 'x-ripcord-features': 'encoder@v5,features@3' },
    );
    expect(res.status).toBe(200);
    const predictions = res.body.predictions as TfPrediction[];
    expect(predictions).toHaveLength(2);
    expect(predictions[0]!.items).toHaveLength(5);
    expect(predictions[0]!.scores).toHaveLength(5);
    expect(res.headers.get('x-model-version')).toBe('v2');
    expect(res.headers.get('x-ripcord-features')).toBe('encoder@v5,features@3');
    expect(res.headers.get('x-model-conversion-rate')).toBe('0.1');
    expect(server.stats()).toMatchObject({
      requests: 1,
      predictions: 2,
      lastFeatures: 'encoder@v5,features@3',
    });
  });

  it('answers TF Serving columnar input with columnar output', async () => {
    const server = await start();
    const res = await post(`${server.url}/v1/models/recsys:predict`, {
      inputs: { user_id: ['a', 'b', 'c'] },
    });
    const outputs = res.body.outputs as { items: string[][] };
    expect(outputs.items).toHaveLength(3);
  });

  it('answers KServe v2 infer with items and scores tensors, and its metadata and health routes', async () => {
    const server = await start();
    const res = await post(`${server.url}/v2/models/recsys/infer`, {
      id: 'req-1',
      inputs: [
        { name: 'user_id', shape: [2], datatype: 'BYTES', data: ['u1', 'u2'] },
        { name: 'hour', shape: [2], datatype: 'INT32', data: [1, 13] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model_name: 'recsys', model_version: 'v1', id: 'req-1' });
    const [items, scores] = res.body.outputs as { name: string; shape: number[]; data: unknown[] }[];
    expect(items).toMatchObject({ name: 'items', shape: [2, 5], datatype: 'BYTES' });
    expect(items!.data).toHaveLength(10);
    expect(scores).toMatchObject({ name: 'scores', shape: [2, 5] });
    // Same user, same items, whichever protocol asked.
    const tf = await post(`${server.url}/v1/models/recsys:predict`, { instances: [{ user_id: 'u1' }] });
    expect((tf.body.predictions as TfPrediction[])[0]!.items).toEqual(items!.data.slice(0, 5));
    for (const path of [
      '/v2/health/ready',
      '/v2/models/recsys',
      '/v2/models/recsys/ready',
      '/v1/models/recsys',
      '/healthz',
    ])
      expect((await fetch(`${server.url}${path}`)).status).toBe(200);
  });

  it('rejects unknown models, malformed bodies and oversized bodies with a message', async () => {
    const server = await start();
    const unknown = await post(`${server.url}/v1/models/other:predict`, { instances: [] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/"other" is not served here/);
    const malformed = await post(`${server.url}/v1/models/recsys:predict`, '{"instances": [');
    expect(malformed.status).toBe(400);
    const wrongShape = await post(`${server.url}/v1/models/recsys:predict`, { rows: [] });
    expect(wrongShape.body.error).toMatch(/"instances" must be an array/);
    const huge = await post(`${server.url}/v1/models/recsys:predict`, {
      instances: [{ pad: 'x'.repeat(1_100_000) }],
    });
    expect(huge.status).toBe(413);
  });

  it('takes faults over POST /admin/faults and validates them', async () => {
    const server = await start();
    const bad = await post(`${server.url}/admin/faults`, { faults: [{ kind: 'errors', rate: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^faults\.0\.rate/);
    const set = await post(`${server.url}/admin/faults`, {
      faults: [{ kind: 'errors', rate: 1, status: 503 }],
    });
    expect(set.status).toBe(200);
    expect(set.body.faults).toMatchObject([{ kind: 'errors', rate: 1, active: true }]);
    const failed = await post(`${server.url}/v1/models/recsys:predict`, { instances: [{ user_id: 'u1' }] });
    expect(failed.status).toBe(503);
    await fetch(`${server.url}/admin/faults`, { method: 'DELETE' });
    const ok = await post(`${server.url}/v1/models/recsys:predict`, { instances: [{ user_id: 'u1' }] });
    expect(ok.status).toBe(200);
    expect(server.stats().injectedErrors).toBe(1);
  });

  it('collapses prediction diversity over HTTP to about 0.04 from about 0.73', async () => {
    const server = await start();
    const entropyOverHttp = async (): Promise<number> => {
      const counts = new Map<string, number>();
      for (let batch = 0; batch < 100; batch++) {
        const instances = Array.from({ length: 50 }, (_, i) => ({ user_id: `u${batch * 50 + i}` }));
        const res = await post(`${server.url}/v1/models/recsys:predict`, { instances });
        for (const p of res.body.predictions as TfPrediction[])
          counts.set(p.items[0]!, (counts.get(p.items[0]!) ?? 0) + 1);
      }
      return normalizedEntropy(counts);
    };
    const before = await entropyOverHttp();
    server.setFaults([{ kind: 'diversity-collapse' }]);
    const after = await entropyOverHttp();
    expect(before).toBeGreaterThan(0.7);
    expect(before).toBeLessThan(0.77);
    expect(after).toBeGreaterThan(0.02);
    expect(after).toBeLessThan(0.06);
  });

  it('starts a fault after its delay on the injected clock and drifts only the night segment', async () => {
    const clock = new ManualClock(0);
    const server = await start({ clock });
    server.setFaults([{ kind: 'drift', afterMs: 60_000 }]);
    const ask = async (hour: number) =>
      (
        (await post(`${server.url}/v1/models/recsys:predict`, { instances: [{ user_id: 'u9', hour }] })).body
          .predictions as TfPrediction[]
      )[0]!;
    const nightBefore = await ask(2);
    expect(nightBefore).toEqual(await ask(14));
    clock.advance(60_000);
    const nightAfter = await ask(2);
    expect(nightAfter.items).not.toEqual(nightBefore.items);
    expect(await ask(14)).toEqual(nightBefore);
    expect(server.stats().driftedRows).toBe(1);
  });

  it('multiplies the latency it reports and exposes a conversion multiplier', async () => {
    const server = await start({ medianLatencyMs: 10, latencySigma: 0 });
    const latency = async () =>
      Number(
        (await post(`${server.url}/v1/models/recsys:predict`, { instances: [] })).headers.get(
          'x-model-latency-ms',
        ),
      );
    expect(await latency()).toBe(10);
    server.setFaults([
      { kind: 'latency', multiply: 1.4 },
      { kind: 'conversion', multiply: 0.97 },
    ]);
    expect(await latency()).toBe(14);
    expect(server.conversionRate()).toBeCloseTo(0.097, 10);
  });

  it('counts or rejects requests whose features header lacks the encoder it was built for', async () => {
    const counting = await start({ expectFeatures: ['encoder@v4'] });
    const mismatch = await post(
      `${counting.url}/v1/models/recsys:predict`,
      { instances: [{ user_id: 'a' }] },
      { 'x-ripcord-features': 'encoder@v5' },
    );
    expect(mismatch.status).toBe(200);
    expect(mismatch.headers.get('x-model-feature-mismatch')).toBe('encoder@v4');
    await post(
      `${counting.url}/v1/models/recsys:predict`,
      { instances: [] },
      { 'x-ripcord-features': 'encoder@v4' },
    );
    expect(counting.stats().featureMismatches).toBe(1);
    const strict = await start({ expectFeatures: ['encoder@v4'], onFeatureMismatch: 'reject' });
    const rejected = await post(
      `${strict.url}/v1/models/recsys:predict`,
      { instances: [] },
      { 'x-ripcord-features': 'encoder@v5' },
    );
    expect(rejected.status).toBe(422);
    expect(rejected.body.error).toMatch(/built for encoder@v4/);
  });

  it('crashes when a crash fault fires: the server stops accepting connections', async () => {
    const clock = new ManualClock(0);
    let crashed = 0;
    const server = await start({ clock, onCrash: () => crashed++ });
    server.setFaults([{ kind: 'crash', afterMs: 5_000 }]);
    clock.advance(4_999);
    await new Promise((r) => setImmediate(r));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    clock.advance(1);
    await server.closed;
    expect(crashed).toBe(1);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('does not crash when the crash fault was cleared before its time', async () => {
    const clock = new ManualClock(0);
    const server = await start({ clock });
    server.setFaults([{ kind: 'crash', afterMs: 1_000 }]);
    server.clearFaults();
    clock.advance(2_000);
    await new Promise((r) => setImmediate(r));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
