import { afterEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/registry/types.js';
import { httpWarmUpReplayer } from '../../src/server/warm-up-replay.js';
import { SampleStore } from '../../src/telemetry/sample-store.js';
import { modelServer, type ModelServer } from './warm-up-harness.js';

const release = (urls: string[], over: Partial<Release['serving']> = {}): Release => ({
  name: 'recsys-v1',
  model: 'recsys',
  modelVersion: 1,
  features: [{ name: 'item-encoder', version: '4' }],
  serving: {
    backends: urls.map((url) => ({ url, weight: 1 })),
    timeoutMs: 2000,
    passHeaders: [],
    headers: {},
    env: {},
    healthPath: '/healthz',
    ...over,
  },
  description: '',
  healthyBaseline: true,
  archived: false,
  marks: [],
  createdBy: 'alice',
  revision: 1,
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z',
});

const record = (samples: SampleStore, path: string, body: unknown, status = 200) =>
  samples.record({
    model: 'recsys',
    release: 'recsys-v1',
    at: 0,
    request: { method: 'POST', path, headers: { authorization: 'Bearer x' }, body },
    response: { body: {} },
    status,
    latencyMs: 10,
  });

describe('HTTP warm-up replayer', () => {
  const servers: ModelServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it('replays sampled requests newest first on every backend in turn, on the path the backends know', async () => {
    const [a, b] = [await modelServer(), await modelServer()];
    servers.push(a, b);
    const samples = new SampleStore({ rate: 1 });
    record(samples, '/v1/models/recsys:predict', { instances: [{ user_id: 1 }] });
    record(samples, '/v1/models/recsys:predict', { instances: [{ user_id: 2 }] }, 503);
    record(samples, '/v1/models/recsys:predict?explain=1', { instances: [{ user_id: 3 }] });
    const replayer = httpWarmUpReplayer({ samples: (m, r) => samples.freeze(m, r) });
    const target = release([a.url, `${b.url}/serving/`], { upstreamModel: 'recsys-ranker' });
    const replay = await replayer.replay(target, { requests: 4, fromSampledTraffic: true, examples: [] });
    expect(replay).toMatchObject({ source: { kind: 'sampled' }, sent: 4, failures: [] });
    expect(replay.latenciesMs).toHaveLength(4);
    expect(a.received.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/v1/models/recsys-ranker:predict?explain=1', { instances: [{ user_id: 3 }] }],
      ['/v1/models/recsys-ranker:predict?explain=1', { instances: [{ user_id: 3 }] }],
    ]);
    expect(b.received.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/serving/v1/models/recsys-ranker:predict', { instances: [{ user_id: 1 }] }],
      ['/serving/v1/models/recsys-ranker:predict', { instances: [{ user_id: 1 }] }],
    ]);
    expect(a.received.every((r) => r.release === 'recsys-v1')).toBe(true);
  });

  it('skips requests whose query or body was redacted, and an example that is not an inference call is refused by field', async () => {
    const server = await modelServer();
    servers.push(server);
    const samples = new SampleStore({ rate: 1 });
    record(samples, '/v1/models/recsys:predict?api_key=abc', { instances: [{ user_id: 1 }] });
    const replayer = httpWarmUpReplayer({ samples: (m, r) => samples.freeze(m, r) });
    const example = { path: '/v1/models/recsys:predict', method: 'POST' as const, body: { instances: [] } };
    const replay = await replayer.replay(release([server.url]), {
      requests: 1,
      fromSampledTraffic: true,
      examples: [example],
    });
    expect(replay.source).toEqual({
      kind: 'examples',
      note: 'none of 1 sampled request(s) of recsys-v1 can be replayed whole (redacted or failed)',
    });
    await expect(
      replayer.replay(release([server.url]), {
        requests: 1,
        fromSampledTraffic: false,
        examples: [{ path: '/v1/models/other:predict', method: 'POST', body: {} }],
      }),
    ).rejects.toThrow(
      'warmUp.examples[0].path: "/v1/models/other:predict" is not an inference call of model recsys (e.g. POST /v1/models/recsys:predict)',
    );
  });

  it('counts unreachable backends as failures, naming them', async () => {
    const replayer = httpWarmUpReplayer({ samples: () => [] });
    const replay = await replayer.replay(release(['http://127.0.0.1:9']), {
      requests: 2,
      fromSampledTraffic: false,
      examples: [{ path: '/v1/models/recsys:predict', method: 'POST', body: {} }],
    });
    expect(replay.latenciesMs).toEqual([]);
    expect(replay.failures).toHaveLength(1);
    expect(replay.failures[0]).toMatch(/^http:\/\/127\.0\.0\.1:9 unreachable \(/);
  });
});
