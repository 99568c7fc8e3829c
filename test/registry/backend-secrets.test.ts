/**
 * Backend credentials never enter the store: a literal value for a credential header is refused
 * (400 naming the header and the fix); a reference (`valueFrom: { env }` / `{ file }`) is stored,
 * shown and audited as the reference only, and the gateway resolves it in its own process. Data
 * files are created 0600, and an existing 0644 database is tightened with a notice.
 */
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/create-api.js';
import { resolveBackendHeaders } from '../../src/gateway/backend-headers.js';
import { compileRoutingTable } from '../../src/gateway/routing-snapshot.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { ReleaseInput } from '../../src/registry/schemas.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

const SECRET = 'sk-live-4f1d2c9e8b7a';

const release = (headers: Record<string, unknown>) => ({
  name: 'recsys-v3',
  model: 'recsys',
  modelVersion: 2,
  features: [{ name: 'item-encoder', version: '5' }],
  serving: { backends: [{ url: 'http://127.0.0.1:9103' }], headers },
});

for (const database of await testDatabases()) {
  describe(`backend credentials on ${database.name}`, () => {
    let store: Store;
    let registry: Registry;
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};

    beforeEach(async () => {
      store = await database.open();
      registry = createRegistry({ store });
      await seedRecommender(registry);
      for (const role of ['viewer', 'operator'] as const)
        tokens[role] = (await registry.createToken(role, role, admin)).token;
      ({ app } = await createApi({ registry }));
    });
    afterEach(async () => {
      await app.close();
      await store.close();
    });

    const call = (method: 'GET' | 'POST', url: string, role: 'viewer' | 'operator', payload?: object) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[role]}` },
        ...(payload ? { payload } : {}),
      });

    it('refuses a literal credential header with the header named and the fix', async () => {
      for (const name of ['authorization', 'x-api-key', 'X-Auth-Token', 'x-client-secret']) {
        const res = await call('POST', '/api/v1/releases', 'operator', release({ [name]: SECRET }));
        expect(res.statusCode, name).toBe(400);
        expect(res.json(), name).toMatchObject({
          field: `serving.headers.${name}`,
          detail: expect.stringContaining('valueFrom: { env: MODEL_API_KEY }'),
        });
      }
      const manifest = await call('POST', '/api/v1/apply', 'operator', {
        documents: [
          {
            apiVersion: 'ripcord.dev/v1',
            kind: 'Release',
            metadata: { name: 'recsys-v3' },
            spec: { ...release({ authorization: `Bearer ${SECRET}` }), name: undefined },
          },
        ],
      });
      expect(manifest.statusCode).toBe(400);
      expect(manifest.json()).toMatchObject({ field: 'documents[0].spec.serving.headers.authorization' });
      expect(JSON.stringify(await registry.audit())).not.toContain(SECRET);
      await expect(registry.getRelease('recsys-v3')).rejects.toThrow('not found');
    });

    it('stores, shows and audits only the reference; the gateway resolves it in its own process', async () => {
      const headers = {
        authorization: { valueFrom: { env: 'RECSYS_BACKEND_TOKEN' } },
        'x-api-key': { valueFrom: { file: '/run/secrets/recsys' } },
        'x-model-variant': 'blue',
      };
      const created = await call('POST', '/api/v1/releases', 'operator', release(headers));
      expect(created.statusCode).toBe(201);
      const shown = await call('GET', '/api/v1/releases/recsys-v3', 'viewer');
      expect(shown.json<{ serving: { headers: unknown } }>().serving.headers).toEqual(headers);
      const audit = await registry.audit({ action: 'release.create' });
      expect(JSON.stringify(audit)).toContain('RECSYS_BACKEND_TOKEN');

      const stored = await registry.getRelease('recsys-v3');
      const resolved = resolveBackendHeaders(stored.serving.headers, 'releases.recsys-v3', {
        env: (name) => (name === 'RECSYS_BACKEND_TOKEN' ? `Bearer ${SECRET}` : undefined),
        file: () => 'key-from-file\n',
      });
      expect(resolved).toEqual([
        'authorization',
        `Bearer ${SECRET}`,
        'x-api-key',
        'key-from-file',
        'x-model-variant',
        'blue',
      ]);
      expect(() => resolveBackendHeaders(stored.serving.headers, 'releases.recsys-v3')).toThrow(
        'releases.recsys-v3.serving.headers.authorization: environment variable RECSYS_BACKEND_TOKEN is not set in the gateway process',
      );
    });
  });
}

describe('a routing table with secret references', () => {
  it('sends the resolved secret to the backend from the gateway process only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-secret-'));
    const secretFile = join(dir, 'key');
    writeFileSync(secretFile, `${SECRET}\n`);
    const store = await openStore({ url: join(dir, 'ripcord.db') });
    try {
      const registry = createRegistry({ store });
      await seedRecommender(registry);
      const made = await registry.createRelease(
        release({ 'x-api-key': { valueFrom: { file: secretFile } } }) as ReleaseInput,
        admin,
      );
      await registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v3' }, admin);
      const table = compileRoutingTable({
        revision: 1,
        models: await registry.listModels(),
        releases: [made.release],
        policies: await registry.listTrafficPolicies(),
        flags: [],
      });
      const compiled = JSON.stringify([...table.releases.values()].map((r) => r.headers));
      expect(compiled).toContain(SECRET);
      // Nothing the store holds contains it.
      for (const file of readdirSync(dir).filter((f) => f.startsWith('ripcord.db')))
        expect(readFileSync(join(dir, file)).includes(SECRET), file).toBe(false);
    } finally {
      await store.close();
    }
  });
});

describe('data file permissions', () => {
  it('creates the SQLite database and its -wal/-shm owner-only', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ripcord-perm-')), 'data');
    const store = await openStore({ dataDir: dir });
    try {
      await createRegistry({ store }).createToken('t', 'admin', admin);
      const files = readdirSync(dir).filter((f) => f.startsWith('ripcord.db'));
      expect(files).toEqual(expect.arrayContaining(['ripcord.db', 'ripcord.db-wal', 'ripcord.db-shm']));
      for (const file of files) expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      await store.close();
    }
  });

  it('tightens an existing 0644 database and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-perm-'));
    const file = join(dir, 'ripcord.db');
    await (await openStore({ url: file })).close();
    chmodSync(file, 0o644);
    const notices: string[] = [];
    const store = await openStore({ url: file, notice: (m) => notices.push(m) });
    await store.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(notices).toEqual([
      expect.stringMatching(/ripcord\.db was readable by others \(mode 0644\); tightened to 0600/),
    ]);
  });
});
