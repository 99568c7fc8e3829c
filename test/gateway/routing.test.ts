import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway } from '../../src/gateway/create-gateway.js';
import { compileRoutingTable } from '../../src/gateway/routing-snapshot.js';
import { stickyBucket } from '../../src/gateway/sticky-bucket.js';
import {
  BODY,
  jsonReply,
  model,
  policy,
  PREDICT,
  release,
  seeded,
  send,
  snapshot,
  startBackend,
  type TestBackend,
  serveGateway,
  type ServedGateway,
} from './kit.js';

let stable: TestBackend;
let canary: TestBackend;
let gateway: Gateway;
let base: string;
let served: ServedGateway;

const routes = (p: Partial<Parameters<typeof policy>[2]> = {}, revision = 1, stableName = 'v1') =>
  snapshot({
    revision,
    models: [model('recsys')],
    releases: [
      release('v1', 'recsys', [stable.url], { features: [{ name: 'encoder', version: 'v4' }] }),
      release('v2', 'recsys', [canary.url], {
        modelVersion: 2,
        features: [{ name: 'encoder', version: 'v5' }],
        serving: { headers: { 'x-team': 'recs' } },
      }),
    ],
    policies: [policy('recsys', stableName, p)],
  });

const releaseOf = async (headers: Record<string, string> = {}): Promise<string> => {
  const r = await send(base, PREDICT, { body: BODY, headers });
  expect(r.status).toBe(200);
  return String(r.headers['x-ripcord-release']);
};

beforeAll(async () => {
  stable = await startBackend(jsonReply({ predictions: [{ items: ['a'] }] }));
  canary = await startBackend(jsonReply({ predictions: [{ items: ['b'] }] }));
  served = await serveGateway({ random: seeded(42) }, [stable, canary]);
  ({ gateway, base } = served);
  gateway.setRoutes(routes());
});

afterAll(() => served.close());

describe('routing', () => {
  it('splits by weight: 20 % canary over 2,000 non-sticky requests', async () => {
    gateway.setRoutes(routes({ weights: [{ release: 'v2', weight: 20 }] }));
    const counts = { v1: 0, v2: 0 } as Record<string, number>;
    for (let b = 0; b < 20; b++)
      for (const r of await Promise.all(Array.from({ length: 100 }, () => releaseOf())))
        counts[r] = (counts[r] ?? 0) + 1;
    // Binomial(2000, 0.2): sd ≈ 17.9; 4 sd either side.
    expect(counts.v2).toBeGreaterThan(400 - 72);
    expect(counts.v2).toBeLessThan(400 + 72);
    expect(counts.v1! + counts.v2!).toBe(2000);
  });

  it('has 0.01 % granularity: weight 0.01 sends exactly bucket 0 to the canary', async () => {
    gateway.setRoutes(
      routes({ weights: [{ release: 'v2', weight: 0.01 }], sticky: { source: 'header', key: 'x-user' } }),
    );
    const seed = gateway.routes()!.models.get('recsys')!.policy!.seed;
    const keyFor = (bucket: number): string => {
      for (let i = 0; ; i++) if (stickyBucket(`u${i}`, seed) === bucket) return `u${i}`;
    };
    expect(await releaseOf({ 'x-user': keyFor(0) })).toBe('v2');
    expect(await releaseOf({ 'x-user': keyFor(1) })).toBe('v1');
    expect(await releaseOf({ 'x-user': keyFor(9999) })).toBe('v1');
    gateway.setRoutes(
      routes({ weights: [{ release: 'v2', weight: 0.02 }], sticky: { source: 'header', key: 'x-user' } }),
    );
    expect(await releaseOf({ 'x-user': keyFor(1) })).toBe('v2');
    expect(await releaseOf({ 'x-user': keyFor(2) })).toBe('v1');
  });

  it('keeps sticky users monotonic over a 1 → 5 → 25 → 50 → 100 % ramp', async () => {
    const users = Array.from({ length: 500 }, (_, i) => `user-${i}`);
    let previous = new Set<string>();
    for (const weight of [1, 5, 25, 50, 100]) {
      gateway.setRoutes(
        routes({ weights: [{ release: 'v2', weight }], sticky: { source: 'header', key: 'x-user' } }),
      );
      const releases = await Promise.all(users.map((u) => releaseOf({ 'x-user': u })));
      const onCanary = new Set(users.filter((_, i) => releases[i] === 'v2'));
      for (const u of previous)
        expect(onCanary.has(u), `${u} moved back to stable at ${weight} %`).toBe(true);
      // The share tracks the weight (hash spread): within 6 points of it.
      expect(Math.abs((onCanary.size / users.length) * 100 - weight)).toBeLessThan(6);
      // Same user, same answer: a second pass agrees.
      const again = await Promise.all(users.slice(0, 50).map((u) => releaseOf({ 'x-user': u })));
      expect(again).toEqual(releases.slice(0, 50));
      previous = onCanary;
    }
    expect(previous.size).toBe(users.length);
  });

  it('reads the sticky key from a cookie or a JSON field', async () => {
    gateway.setRoutes(
      routes({ weights: [{ release: 'v2', weight: 50 }], sticky: { source: 'cookie', key: 'sid' } }),
    );
    const byCookie = await Promise.all(
      Array.from({ length: 40 }, (_, i) => releaseOf({ cookie: `a=1; sid=s${i}` })),
    );
    expect(
      await Promise.all(Array.from({ length: 40 }, (_, i) => releaseOf({ cookie: `sid=s${i}` }))),
    ).toEqual(byCookie);
    gateway.setRoutes(
      routes({ weights: [{ release: 'v2', weight: 50 }], sticky: { source: 'json', key: 'user_id' } }),
    );
    const seed = gateway.routes()!.models.get('recsys')!.policy!.seed;
    for (let id = 0; id < 20; id++) {
      const r = await send(base, PREDICT, { body: JSON.stringify({ instances: [{ user_id: id }] }) });
      expect(r.headers['x-ripcord-release']).toBe(stickyBucket(String(id), seed) < 5000 ? 'v2' : 'v1');
    }
  });

  it('pins a release with x-ripcord-release and refuses unknown pins', async () => {
    gateway.setRoutes(routes({ weights: [{ release: 'v2', weight: 1 }] }));
    expect(await releaseOf({ 'x-ripcord-release': 'v2' })).toBe('v2');
    const bad = await send(base, PREDICT, { body: BODY, headers: { 'x-ripcord-release': 'v9' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
    expect((bad.json() as { detail: string }).detail).toContain('v1, v2');
  });

  it('routes on header matches (exact and regex) before weights', async () => {
    gateway.setRoutes(
      routes({
        headerRoutes: [
          { header: 'x-beta', value: 'yes', release: 'v2' },
          { header: 'x-tenant', regex: '^internal-', release: 'v2' },
        ],
      }),
    );
    expect(await releaseOf({ 'x-beta': 'yes' })).toBe('v2');
    expect(await releaseOf({ 'x-beta': 'no' })).toBe('v1');
    expect(await releaseOf({ 'x-tenant': 'internal-qa' })).toBe('v2');
    expect(await releaseOf({ 'x-tenant': 'acme' })).toBe('v1');
  });

  it('uses per-region weights from the region header', async () => {
    gateway.setRoutes(routes({ weights: [], regions: { eu: [{ release: 'v2', weight: 100 }] } }));
    expect(await releaseOf({ 'x-region': 'eu' })).toBe('v2');
    expect(await releaseOf({ 'x-region': 'us' })).toBe('v1');
    expect(await releaseOf()).toBe('v1');
  });

  it('flips blue/green with one routing change, applied to the very next request', async () => {
    gateway.setRoutes(routes({}, 10, 'v1'));
    expect(await releaseOf()).toBe('v1');
    gateway.setRoutes(routes({}, 11, 'v2'));
    expect(await releaseOf()).toBe('v2');
    gateway.setRoutes(routes({}, 12, 'v1'));
    expect(await releaseOf()).toBe('v1');
  });

  it('passes the release and its feature versions to the backend and tags the response', async () => {
    gateway.setRoutes(routes({ weights: [{ release: 'v2', weight: 1 }] }));
    canary.seen.length = 0;
    const r = await send(base, PREDICT, {
      body: BODY,
      headers: {
        'x-ripcord-release': 'v2',
        'X-Request-Id': 'req-1',
        'X-Ripcord-Features': 'spoofed@v1',
        'Proxy-Connection': 'keep-alive',
        'X-Trace': 'kept',
      },
    });
    expect(r.headers['x-ripcord-release']).toBe('v2');
    expect(r.headers['x-request-id']).toBe('req-1');
    const seen = canary.seen.at(-1)!;
    expect(seen.headers['x-ripcord-release']).toBe('v2');
    expect(seen.headers['x-ripcord-features']).toBe('encoder@v5');
    expect(seen.headers['x-ripcord-feature-encoder']).toBe('v5');
    expect(seen.headers['x-ripcord-model-version']).toBe('2');
    expect(seen.headers['x-team']).toBe('recs');
    expect(seen.headers['x-request-id']).toBe('req-1');
    expect(seen.headers['proxy-connection']).toBeUndefined();
    expect(seen.headers['x-trace']).toBe('kept');
    expect(seen.body).toBe(BODY);
    const fresh = await send(base, PREDICT, { body: BODY });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f]{16}-[0-9a-z]+$/);
  });

  it('sends no traffic to a release gated by a disabled feature flag', async () => {
    const snap = routes({ weights: [{ release: 'v2', weight: 100 }] });
    gateway.setRoutes({
      ...snap,
      flags: [
        { key: 'encoder@v5', enabled: false, updatedBy: 't', revision: 1, createdAt: '', updatedAt: '' },
      ],
    });
    expect(await releaseOf()).toBe('v1');
    expect((await send(base, PREDICT, { body: BODY, headers: { 'x-ripcord-release': 'v2' } })).status).toBe(
      400,
    );
  });

  it('refuses an invalid model part of a snapshot and keeps serving its previous entry', async () => {
    gateway.setRoutes(routes({}, 20));
    const next = gateway.setRoutes(routes({ weights: [{ release: 'v7', weight: 5 }] }, 21));
    expect(next.revision).toBe(21);
    expect(next.failures.get('recsys')).toMatchObject({
      field: 'policies.recsys.weights[0].release',
      since: 21,
      servingRevision: 20,
    });
    expect(next.failures.get('recsys')!.message).toMatch(/release "v7"/);
    const over = compileRoutingTable(
      routes({
        weights: [
          { release: 'v2', weight: 60 },
          { release: 'v1', weight: 50 },
        ],
      }),
    );
    expect(over.failures.get('recsys')!.message).toMatch(/more than 100 %/);
    expect(over.models.has('recsys')).toBe(false);
    expect(gateway.routes()!.models.get('recsys')!.revision).toBe(20);
    expect(await releaseOf()).toBe('v1');
  });
});
