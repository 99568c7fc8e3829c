import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/create-api.js';
import type { RouteDefinition } from '../../src/api/define-route.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';
import { admin, digestOf, seedRecommender } from '../support/fixtures.js';

const ROLE_BELOW = { operator: 'viewer', admin: 'operator' } as const;

for (const database of await testDatabases()) {
  describe(`REST API on ${database.name}`, () => {
    let store: Store;
    let registry: Registry;
    let app: FastifyInstance;
    let routes: RouteDefinition[];
    const tokens: Record<string, string> = {};

    beforeEach(async () => {
      store = await database.open();
      registry = createRegistry({ store });
      await seedRecommender(registry);
      for (const role of ['viewer', 'operator', 'admin'] as const) {
        tokens[role] = (await registry.createToken(`${role}-token`, role, admin)).token;
      }
      ({ app, routes } = await createApi({ registry, bodyLimit: 64 * 1024, checkResponses: true }));
    });
    afterEach(async () => {
      await app.close();
      await store.close();
    });

    const call = (method: string, url: string, role?: keyof typeof tokens, body?: unknown, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });

    function concrete(url: string): string {
      return `/api/v1${url.replace(/:version/g, '1').replace(/:[a-z]+/gi, 'recsys')}`;
    }

    it('answers 401 without a token and 403 below the required role on every route', async () => {
      const guarded = routes.filter((r) => r.role !== 'public');
      expect(guarded.length).toBeGreaterThan(30);
      for (const route of guarded) {
        const anonymous = await call(route.method, concrete(route.url));
        expect(anonymous.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(anonymous.headers['content-type']).toContain('application/problem+json');
        const wrong = await call(route.method, concrete(route.url), undefined, undefined, {
          authorization: 'Bearer rc_not-a-token',
        });
        expect(wrong.statusCode, `${route.method} ${route.url}`).toBe(401);
        if (route.role === 'operator' || route.role === 'admin') {
          const below = await call(route.method, concrete(route.url), ROLE_BELOW[route.role], {});
          expect(below.statusCode, `${route.method} ${route.url}`).toBe(403);
          expect(below.json()).toMatchObject({ role: ROLE_BELOW[route.role], required: route.role });
        }
      }
      expect((await call('GET', '/api/v1/healthz')).statusCode).toBe(200);
    });

    it('serves an OpenAPI document listing every route with its request schema, without a token', async () => {
      const res = await call('GET', '/api/v1/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = res.json<{
        openapi: string;
        paths: Record<string, Record<string, { requestBody?: unknown }>>;
      }>();
      expect(doc.openapi).toBe('3.1.0');
      for (const route of routes) {
        const path = `/api/v1${route.url.replace(/:([A-Za-z]+)/g, '{$1}')}`;
        expect(doc.paths[path]?.[route.method.toLowerCase()], path).toBeDefined();
      }
      const release = doc.paths['/api/v1/releases']?.['post']?.requestBody as {
        content: { 'application/json': { schema: { required: string[] } } };
      };
      expect(release.content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['name', 'model', 'modelVersion', 'serving']),
      );
    });

    it('rejects bad input with a problem naming the field and the fix', async () => {
      const res = await call('POST', '/api/v1/releases', 'operator', {
        name: 'recsys-v3',
        model: 'recsys',
        modelVersion: 2,
        serving: { backends: [{ url: 'not a url' }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, field: 'serving.backends[0].url' });
      expect(res.json<{ detail: string }>().detail).toMatch(/absolute http\(s\) URL/);

      const weights = await call('PUT', '/api/v1/traffic/recsys', 'operator', {
        stable: 'recsys-v1-enc4',
        weights: [{ release: 'recsys-v2-enc5', weight: 140 }],
      });
      expect(weights.statusCode).toBe(400);
      expect(weights.json()).toMatchObject({ field: 'weights[0].weight' });

      const unknown = await call('GET', '/api/v1/models/ghost', 'viewer');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json<{ detail: string }>().detail).toBe(
        'model "ghost" not found: apply its Model manifest first (ripcord apply -f model.yaml)',
      );
    });

    it('answers malformed JSON with 400 and oversized bodies with 413, losing nothing', async () => {
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/v1/releases',
        headers: { authorization: `Bearer ${tokens['operator']}`, 'content-type': 'application/json' },
        payload: '{"name": "x",',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.headers['content-type']).toContain('application/problem+json');
      const huge = await call('POST', '/api/v1/apply', 'operator', { documents: ['x'.repeat(100 * 1024)] });
      expect(huge.statusCode).toBe(413);
      expect(huge.json<{ detail: string }>().detail).toMatch(/larger than the server accepts/);
      expect((await registry.listReleases()).map((r) => r.name)).toEqual([
        'recsys-v1-enc4',
        'recsys-v2-enc5',
      ]);
    });

    it('refuses to delete a version with 409 and the reason', async () => {
      const res = await call('DELETE', '/api/v1/models/recsys/versions/1', 'operator');
      expect(res.statusCode).toBe(409);
      expect(res.json<{ detail: string }>().detail).toMatch(/cannot be deleted.*archive it instead/);
    });

    it('re-registering a version with another digest is 409 naming both digests', async () => {
      const res = await call('POST', '/api/v1/models/recsys/versions', 'operator', {
        version: 1,
        artifactUri: 's3://models/recsys/1/',
        digest: digestOf('9'),
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ existingDigest: digestOf('a'), requestedDigest: digestOf('9') });
    });

    it('makes If-Match writes conditional: concurrent alias moves get one 200 and one 412', async () => {
      const first = await call('PUT', '/api/v1/models/recsys/aliases/production', 'operator', {
        release: 'recsys-v1-enc4',
      });
      expect(first.headers.etag).toBe('"1"');
      const [a, b] = await Promise.all([
        call(
          'PUT',
          '/api/v1/models/recsys/aliases/production',
          'operator',
          { release: 'recsys-v2-enc5' },
          { 'if-match': '"1"' },
        ),
        call(
          'PUT',
          '/api/v1/models/recsys/aliases/production',
          'operator',
          { release: 'recsys-v2-enc5', reason: 'hotfix' },
          { 'if-match': '"1"' },
        ),
      ]);
      expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 412]);
      const loser = a?.statusCode === 412 ? a : b;
      expect(loser?.json()).toMatchObject({
        type: '/api/v1/problems/stale-revision',
        title: 'Precondition Failed',
        currentRevision: 2,
        expectedRevision: 1,
      });
      const history = await call('GET', '/api/v1/models/recsys/aliases/production/history', 'viewer');
      expect(history.json()).toHaveLength(2);
    });

    it('records the token name, reason and request id in the audit trail', async () => {
      await call(
        'PUT',
        '/api/v1/flags/item-encoder@5',
        'operator',
        { enabled: false },
        { 'x-ripcord-reason': 'encoder v5 suspected', 'x-request-id': 'req-42' },
      );
      const trail = await call('GET', '/api/v1/audit?target=flag/', 'viewer');
      expect(trail.json()).toMatchObject([
        { actor: 'operator-token', action: 'flag.set', reason: 'encoder v5 suspected', requestId: 'req-42' },
      ]);
    });

    it('applies manifest documents in order after validating all of them', async () => {
      const documents = [
        {
          apiVersion: 'ripcord.dev/v1',
          kind: 'Model',
          metadata: { name: 'fraud' },
          spec: { owner: 'risk', protocol: 'kserve-v2' },
        },
        {
          apiVersion: 'ripcord.dev/v1',
          kind: 'ModelVersion',
          metadata: { name: 'fraud' },
          spec: { version: 1, artifactUri: 's3://m/fraud/1', digest: digestOf('1') },
        },
        {
          apiVersion: 'ripcord.dev/v1',
          kind: 'Release',
          metadata: { name: 'fraud-v1' },
          spec: { model: 'fraud', modelVersion: 1, serving: { backends: [] } },
        },
      ];
      const invalid = await call('POST', '/api/v1/apply', 'operator', { documents });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ field: 'documents[2].spec.serving.backends' });
      expect((await registry.listModels()).map((m) => m.name)).toEqual(['recsys']);

      const release = documents[2] as { spec: { serving: unknown } };
      release.spec.serving = { backends: [{ url: 'http://127.0.0.1:9200' }] };
      const applied = await call('POST', '/api/v1/apply', 'operator', { documents });
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toEqual({
        results: [
          { kind: 'Model', name: 'fraud', result: 'created' },
          { kind: 'ModelVersion', name: 'fraud@1', result: 'created' },
          { kind: 'Release', name: 'fraud-v1', result: 'created' },
        ],
      });
      const again = await call('POST', '/api/v1/apply', 'operator', { documents });
      expect(again.json<{ results: { result: string }[] }>().results.map((r) => r.result)).toEqual([
        'unchanged',
        'unchanged',
        'unchanged',
      ]);
    });

    it('returns a new token secret once and never again', async () => {
      const created = await call('POST', '/api/v1/tokens', 'admin', { name: 'ci', role: 'viewer' });
      expect(created.statusCode).toBe(201);
      const secret = created.json<{ token: string }>().token;
      expect(secret).toMatch(/^rc_/);
      const list = await call('GET', '/api/v1/tokens', 'admin');
      expect(list.body).not.toContain(secret);
      const audit = await call('GET', '/api/v1/audit', 'viewer');
      expect(audit.body).not.toContain(secret);
    });
  });
}
