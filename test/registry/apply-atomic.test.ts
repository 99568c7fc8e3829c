/**
 * `apply` is all-or-nothing on every database: a document that fails while applying leaves none
 * of the documents before it behind, and the answer names the document, its kind/name and field,
 * and what the others would have done. The shared transaction also holds registry changes made
 * through Registry.atomically together, audit entries included.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/create-api.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry, RegistryChange } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';
import { admin, digestOf } from '../support/fixtures.js';

const doc = (kind: string, name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'ripcord.dev/v1',
  kind,
  metadata: { name },
  spec,
});

const fraudModel = doc('Model', 'fraud', { owner: 'risk', protocol: 'kserve-v2' });
const fraudVersion = doc('ModelVersion', 'fraud', {
  version: 1,
  artifactUri: 's3://m/fraud/1',
  digest: digestOf('1'),
});
/** Valid on its own; fails only when applied (the encoder it names is not registered). */
const fraudRelease = doc('Release', 'fraud-v1', {
  model: 'fraud',
  modelVersion: 1,
  features: ['fraud-encoder@9'],
  serving: { backends: [{ url: 'http://127.0.0.1:9200' }] },
});

for (const database of await testDatabases()) {
  describe(`apply all-or-nothing on ${database.name}`, () => {
    let store: Store;
    let registry: Registry;
    let app: FastifyInstance;
    let token: string;

    beforeEach(async () => {
      store = await database.open();
      registry = createRegistry({ store });
      token = (await registry.createToken('deployer', 'operator', admin)).token;
      ({ app } = await createApi({ registry }));
    });
    afterEach(async () => {
      await app.close();
      await store.close();
    });

    const apply = (documents: unknown[]) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/apply',
        headers: { authorization: `Bearer ${token}` },
        payload: { documents },
      });

    it('leaves nothing behind when a later document fails, and says what failed and what would have applied', async () => {
      const trailBefore = (await registry.audit()).length;
      const heard: RegistryChange[] = [];
      registry.onChange((change) => heard.push(change));

      const res = await apply([fraudModel, fraudVersion, fraudRelease]);

      expect(res.statusCode).toBe(400);
      const problem = res.json<Record<string, unknown>>();
      expect(problem).toMatchObject({
        field: 'documents[2].spec.features[0]',
        failed: { document: 2, kind: 'Release', name: 'fraud-v1', field: 'documents[2].spec.features[0]' },
        wouldHaveApplied: [
          { kind: 'Model', name: 'fraud', result: 'created' },
          { kind: 'ModelVersion', name: 'fraud@1', result: 'created' },
        ],
        applied: [],
      });
      expect(problem['detail']).toMatch(
        /^documents\[2\]\.spec\.features\[0\] \(release\/fraud-v1\): feature version fraud-encoder@9 is not registered.*nothing was applied/,
      );
      expect(await registry.listModels()).toEqual([]);
      expect(await registry.listVersions()).toEqual([]);
      expect(await registry.audit()).toHaveLength(trailBefore);
      expect(heard).toEqual([]);
    });

    it('commits every document together when all succeed, and notifies after the commit', async () => {
      const heard: string[] = [];
      registry.onChange((change) => heard.push(`${change.kind}/${change.name}`));
      const encoder = doc('FeatureVersion', 'fraud-encoder', {
        version: '9',
        kind: 'encoder',
        digest: digestOf('9'),
      });
      const version = doc('ModelVersion', 'fraud', {
        ...fraudVersion.spec,
        compatibleFeatures: ['fraud-encoder@9'],
      });
      const res = await apply([fraudModel, encoder, version, fraudRelease]);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        results: [
          { kind: 'Model', name: 'fraud', result: 'created' },
          { kind: 'FeatureVersion', name: 'fraud-encoder@9', result: 'created' },
          { kind: 'ModelVersion', name: 'fraud@1', result: 'created' },
          { kind: 'Release', name: 'fraud-v1', result: 'created' },
        ],
      });
      expect(heard).toEqual(['model/fraud', 'feature/fraud-encoder', 'version/fraud', 'release/fraud-v1']);
      expect((await registry.audit({ action: 'release.create' })).map((e) => e.target)).toEqual([
        'release/fraud-v1',
      ]);
    });

    it('reports every invalid document at once, each with its index, kind and name', async () => {
      const res = await apply([
        fraudModel,
        doc('Release', 'fraud-v1', { model: 'fraud', modelVersion: 0, serving: { backends: [] } }),
        doc('Model', 'other', { owner: 'x', protocol: 'grpc' }),
      ]);
      expect(res.statusCode).toBe(400);
      const { errors } = res.json<{ errors: Record<string, unknown>[] }>();
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            document: 1,
            kind: 'Release',
            name: 'fraud-v1',
            field: 'documents[1].spec.modelVersion',
          }),
          expect.objectContaining({
            document: 1,
            kind: 'Release',
            field: 'documents[1].spec.serving.backends',
          }),
          expect.objectContaining({
            document: 2,
            kind: 'Model',
            name: 'other',
            field: 'documents[2].spec.protocol',
          }),
        ]),
      );
      expect(await registry.listModels()).toEqual([]);
    });

    it('keeps a conflict in the middle of an apply from committing the documents around it', async () => {
      await registry.upsertModel({ name: 'fraud', owner: 'risk', protocol: 'kserve-v2' }, admin);
      await registry.registerVersion(
        { model: 'fraud', version: 1, artifactUri: 's3://m/fraud/1', digest: digestOf('1') },
        admin,
      );
      const res = await apply([
        doc('Model', 'fraud', { owner: 'fraud-team', protocol: 'kserve-v2' }),
        doc('ModelVersion', 'fraud', { ...fraudVersion.spec, digest: digestOf('2') }),
      ]);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        failed: { document: 1, kind: 'ModelVersion', name: 'fraud', field: 'documents[1]' },
        wouldHaveApplied: [{ kind: 'Model', name: 'fraud', result: 'configured' }],
      });
      expect((await registry.getModel('fraud')).owner).toBe('risk');
    });

    it('runs registry changes made through atomically as one transaction, audit entries included', async () => {
      const failure = registry.atomically(async () => {
        await registry.upsertModel({ name: 'fraud', owner: 'risk', protocol: 'kserve-v2' }, admin);
        await registry.recordAudit({ actor: 'alice', action: 'rollout.rollback', target: 'rollout/r' });
        expect((await registry.listModels()).map((m) => m.name)).toEqual(['fraud']);
        throw new Error('crash before commit');
      });
      await expect(failure).rejects.toThrow('crash before commit');
      expect(await registry.listModels()).toEqual([]);
      expect(await registry.audit({ action: 'rollout.' })).toEqual([]);
      expect(await registry.audit({ action: 'model.' })).toEqual([]);
    });

    it('serves other callers while an apply transaction is open, and rolls back a caught inner failure', async () => {
      // Another request during the transaction waits for it (SQLite) or reads the committed state
      // (PostgreSQL); it never sees half an apply and never deadlocks.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let opened!: () => void;
      const open = new Promise<void>((resolve) => (opened = resolve));
      const transaction = registry.atomically(async () => {
        await registry.upsertModel({ name: 'fraud', owner: 'risk', protocol: 'kserve-v2' }, admin);
        opened();
        await gate;
      });
      await open;
      const outside = registry.listModels().then((models) => models.map((m) => m.name));
      if (store.capabilities.multiProcess) {
        expect(await outside).toEqual([]);
        release();
        await transaction;
      } else {
        setTimeout(release, 50);
        await transaction;
        expect(await outside).toEqual(['fraud']);
      }

      const caught = registry.atomically(async () => {
        await registry.upsertModel({ name: 'other', owner: 'x', protocol: 'json' }, admin);
        await registry.getModel('nope').catch(() => undefined);
        await registry
          .registerVersion({ model: 'nope', artifactUri: 's3://x', digest: digestOf('3') }, admin)
          .catch(() => undefined);
      });
      await expect(caught).rejects.toThrow(/nothing was committed/);
      expect((await registry.listModels()).map((m) => m.name)).toEqual(['fraud']);
    });
  });
}
