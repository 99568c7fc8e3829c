/**
 * RFC 9110 status codes and RFC 9457 problem documents at the API edge: a stale If-Match is 412
 * (a conflict without one stays 409), a body that is not JSON is 415, validation problems list
 * every error with a JSON Pointer, and every problem `type` resolves to its page.
 */
import { readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/create-api.js';
import { PROBLEM_TYPES } from '../../src/api/problem-types.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

const [sqlite] = await testDatabases();

describe('HTTP semantics of the API', () => {
  let store: Store;
  let registry: Registry;
  let app: FastifyInstance;
  let operator: string;

  beforeAll(async () => {
    if (!sqlite) throw new Error('no SQLite test database');
    store = await sqlite.open();
    registry = createRegistry({ store });
    await seedRecommender(registry);
    operator = (await registry.createToken('op', 'operator', admin)).token;
    ({ app } = await createApi({ registry, checkResponses: true }));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const send = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as 'PUT',
      url,
      headers: { authorization: `Bearer ${operator}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  it('answers a write whose If-Match names an old revision with 412, and the same clash without it with no precondition', async () => {
    const set = await send('PUT', '/api/v1/flags/item-encoder@5', { enabled: true });
    expect(set.statusCode).toBe(200);
    const etag = set.headers.etag as string;
    expect(
      await send('PUT', '/api/v1/flags/item-encoder@5', { enabled: false }, { 'if-match': etag }),
    ).toMatchObject({ statusCode: 200 });
    const stale = await send('PUT', '/api/v1/flags/item-encoder@5', { enabled: true }, { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({
      type: '/api/v1/problems/stale-revision',
      status: 412,
      currentRevision: 2,
      expectedRevision: 1,
    });
    const unconditional = await send('PUT', '/api/v1/flags/item-encoder@5', { enabled: true });
    expect(unconditional.statusCode).toBe(200);
  });

  it('keeps 409 for a clash with state that no If-Match asked about', async () => {
    const refused = await send('DELETE', '/api/v1/models/recsys/versions/1', undefined, {
      'if-match': '"1"',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ type: '/api/v1/problems/immutable' });
  });

  it('answers a body that is not JSON with 415, after authentication', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await send('PUT', '/api/v1/flags/x@1', 'enabled=true', { 'content-type': contentType });
      expect(res.statusCode, contentType).toBe(415);
      expect(res.json(), contentType).toMatchObject({
        type: '/api/v1/problems/unsupported-media-type',
        detail: expect.stringMatching(/application\/json/),
      });
    }
    const anonymous = await app.inject({
      method: 'PUT',
      url: '/api/v1/flags/x@1',
      headers: { 'content-type': 'text/plain' },
      payload: 'enabled=true',
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists every validation error with a JSON Pointer into the body, and names bad parameters', async () => {
    const res = await send('POST', '/api/v1/releases', {
      name: 'Not A Name',
      model: 'recsys',
      modelVersion: 0,
      serving: { backends: [{ url: 'not a url' }], 'x/y~z': 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ type: string; errors: { pointer: string; field: string; detail: string }[] }>();
    expect(body.type).toBe('/api/v1/problems/validation');
    expect([...new Set(body.errors.map((e) => e.pointer))].sort()).toEqual(
      ['#/modelVersion', '#/name', '#/serving/backends/0/url', '#/serving/x~1y~0z'].sort(),
    );
    for (const error of body.errors) expect(error.detail.length).toBeGreaterThan(5);

    const query = await send('GET', '/api/v1/audit?limit=0');
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ errors: [{ parameter: 'limit', field: 'limit' }] });
    expect(query.json<{ errors: object[] }>().errors[0]).not.toHaveProperty('pointer');
  });

  it('serves a page for every problem type at its type URI, without a token', async () => {
    const pages = readdirSync(new URL('../../docs/problems/', import.meta.url)).filter(
      (f) => f !== 'README.md',
    );
    expect(pages.sort()).toEqual(
      Object.keys(PROBLEM_TYPES)
        .map((t) => `${t}.md`)
        .sort(),
    );
    for (const [type, { status }] of Object.entries(PROBLEM_TYPES)) {
      const page = await app.inject({ method: 'GET', url: `/api/v1/problems/${type}` });
      expect(page.statusCode, type).toBe(200);
      expect(page.headers['content-type']).toContain('text/markdown');
      expect(page.body, type).toContain(`(${status})`);
    }
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/problems/nonsense' });
    expect(unknown.statusCode).toBe(404);
    // Every type a response above carried resolves: the not-found answer's own type too.
    const ownType = unknown.json<{ type: string }>().type;
    expect((await app.inject({ method: 'GET', url: ownType })).statusCode).toBe(200);
    const noRoute = await app.inject({ method: 'GET', url: '/api/v1/nowhere' });
    expect((await app.inject({ method: 'GET', url: noRoute.json<{ type: string }>().type })).statusCode).toBe(
      200,
    );
  });
});
