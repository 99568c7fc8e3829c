/**
 * The OpenAPI document is one a tool can take as it is: it validates (swagger-parser), uses only
 * standard formats, types every success body and the problems of every operation, and the client
 * generated from it (openapi-typescript types + openapi-fetch) compiles and drives the API, every
 * answer checked against its route's response schema by the server itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../src/api/generated/openapi-types.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { digestOf } from '../support/fixtures.js';
import { fullOpenApiDocument, generatedTypes, GENERATED_TYPES } from '../support/openapi-document.js';

type Operation = {
  responses: Record<
    string,
    { content?: Record<string, { schema?: Record<string, unknown> }> } | { $ref: string }
  >;
  security?: unknown[];
};

describe('the OpenAPI document and the client generated from it', () => {
  let document: Record<string, unknown>;
  let plane: ControlPlane;
  let dataDir: string;

  beforeAll(async () => {
    document = await fullOpenApiDocument();
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-openapi-client-'));
    plane = await startControlPlane({
      dataDir,
      port: 0,
      checkResponses: true,
      plugins: standardPlugins({ gateway: { port: 0 } }).list,
    });
  });
  afterAll(async () => {
    await plane.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('validates as OpenAPI 3.1 with swagger-parser', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('uses only standard formats, types every success body and lists the problems of each operation', () => {
    const text = JSON.stringify(document);
    expect(text).not.toMatch(/"format":"(starts_with|ends_with|includes)"/);
    const operations = Object.entries(document['paths'] as Record<string, Record<string, Operation>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ at: `${method} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { at, op } of operations) {
      const [status, success] = Object.entries(op.responses).find(([s]) => s.startsWith('2')) ?? [];
      expect(status, at).toBeDefined();
      const content = (success as { content: Record<string, { schema: Record<string, unknown> }> }).content;
      const [mediaType, { schema }] = Object.entries(content)[0] ?? ['', { schema: {} }];
      if (at.endsWith('/events') || at.endsWith('/routing/stream')) {
        expect(mediaType, at).toBe('text/event-stream');
        continue;
      }
      expect(Object.keys(schema).length, `${at} has an untyped success body`).toBeGreaterThan(0);
      expect(schema, at).not.toEqual({ type: 'object' });
      expect(op.responses['default'], at).toEqual({ $ref: '#/components/responses/Problem' });
      if (op.security === undefined) expect(op.responses['401'], at).toBeDefined();
    }
  });

  it('has generated types that match the served document (npm run openapi:types)', async () => {
    const committed = readFileSync(GENERATED_TYPES, 'utf8');
    expect(committed === (await generatedTypes(document)), 'run `npm run openapi:types`').toBe(true);
  });

  it('drives the API through the generated client, typed from the document', async () => {
    const client = createClient<paths>({
      baseUrl: plane.url,
      headers: { authorization: `Bearer ${plane.bootstrapToken}` },
    });
    const model = await client.PUT('/api/v1/models/{name}', {
      params: { path: { name: 'fraud' } },
      body: { owner: 'risk', protocol: 'kserve-v2' },
    });
    expect(model.response.status).toBe(200);
    expect(model.data?.revision).toBe(1);

    const version = await client.POST('/api/v1/models/{model}/versions', {
      params: { path: { model: 'fraud' } },
      body: { artifactUri: 's3://m/fraud/1', digest: digestOf('1') },
    });
    expect(version.data?.version).toBe(1);
    for (const name of ['fraud-v1', 'fraud-v2']) {
      const release = await client.POST('/api/v1/releases', {
        body: {
          name,
          model: 'fraud',
          modelVersion: 1,
          serving: { backends: [{ url: 'http://127.0.0.1:9' }] },
        },
      });
      expect(release.response.status).toBe(201);
      expect(release.data?.serving.timeoutMs).toBe(5_000);
    }

    const alias = await client.PUT('/api/v1/models/{model}/aliases/{alias}', {
      params: { path: { model: 'fraud', alias: 'production' } },
      body: { release: 'fraud-v1' },
    });
    const etag = alias.response.headers.get('etag') ?? '';
    expect(alias.data?.release).toBe('fraud-v1');
    await client.PUT('/api/v1/models/{model}/aliases/{alias}', {
      params: { path: { model: 'fraud', alias: 'production' }, header: { 'If-Match': etag } },
      body: { release: 'fraud-v2' },
    });
    const stale = await client.PUT('/api/v1/models/{model}/aliases/{alias}', {
      params: { path: { model: 'fraud', alias: 'production' }, header: { 'If-Match': etag } },
      body: { release: 'fraud-v1' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.type).toBe('/api/v1/problems/stale-revision');

    const traffic = await client.PUT('/api/v1/traffic/{model}', {
      params: { path: { model: 'fraud' } },
      body: { stable: 'fraud-v2', weights: [{ release: 'fraud-v1', weight: 10 }] },
    });
    expect(traffic.data?.weights).toEqual([{ release: 'fraud-v1', weight: 10 }]);

    const reads = await Promise.all([
      client.GET('/api/v1/models'),
      client.GET('/api/v1/versions', { params: { query: { model: 'fraud' } } }),
      client.GET('/api/v1/releases/{name}/diff/{other}', {
        params: { path: { name: 'fraud-v1', other: 'fraud-v2' } },
      }),
      client.GET('/api/v1/aliases'),
      client.GET('/api/v1/models/{model}/aliases/{alias}/history', {
        params: { path: { model: 'fraud', alias: 'production' } },
      }),
      client.GET('/api/v1/models/{model}/rollback-candidate', { params: { path: { model: 'fraud' } } }),
      client.GET('/api/v1/traffic'),
      client.GET('/api/v1/flags'),
      client.GET('/api/v1/audit', { params: { query: { limit: 5 } } }),
      client.GET('/api/v1/tokens'),
      client.GET('/api/v1/rollouts'),
      client.GET('/api/v1/incidents'),
      client.GET('/api/v1/routing'),
      client.GET('/api/v1/routing/gateways'),
      client.GET('/api/v1/models/{model}/telemetry', {
        params: { path: { model: 'fraud' }, query: { over: '5m' } },
      }),
    ]);
    for (const read of reads) expect(read.response.status, read.response.url).toBe(200);
    expect(reads[0].data?.map((m) => m.name)).toEqual(['fraud']);
    expect(reads[12].data?.policies.map((p) => p.model)).toEqual(['fraud']);

    const missing = await client.GET('/api/v1/releases/{name}', { params: { path: { name: 'ghost' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.detail).toMatch(/ghost/);

    const page = await client.GET('/api/v1/problems/{type}', {
      params: { path: { type: 'stale-revision' } },
      parseAs: 'text',
    });
    expect(page.data).toMatch(/^# Precondition Failed \(412\)/);
  });
});
