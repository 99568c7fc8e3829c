/**
 * Unknown fields are refused everywhere a user writes (manifests of every kind, API bodies), each
 * at its own path, with "did you mean" for a near miss and file:line:column from a manifest file.
 * Before, `predictonPath`, `timeoutMS` and `rollbakTo` were dropped and the defaults were stored.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/create-api.js';
import { cliManifestKinds } from '../../src/cli/manifest-kinds.js';
import { RolloutSpecSchema } from '../../src/controller/rollout-spec.js';
import { nearMiss } from '../../src/core/input-issues.js';
import { parseInput } from '../../src/core/parse-input.js';
import { formatIssue, parseManifestFile } from '../../src/manifests/index.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

const MANIFESTS = `apiVersion: ripcord.dev/v1
kind: Model
metadata: { name: fraud }
spec:
  owner: risk
  protocol: json
  predictonPath: $.score
---
apiVersion: ripcord.dev/v1
kind: Release
metadata: { name: fraud-v1 }
spec:
  model: fraud
  modelVersion: 1
  serving:
    backends: [{ url: 'http://127.0.0.1:9200', wieght: 2 }]
    timeoutMS: 100
---
apiVersion: ripcord.dev/v1
kind: Rollout
metadata:
  name: fraud-v2
  nmae: typo
spec:
  model: fraud
  release: fraud-v2
  rollbakTo: fraud-v1
  canary: { steps: [{ setWeigth: 5 }, { pause: { duraton: 1m } }] }
  analysis: { triggers: ['hard: error rate > 5% for 1m'] }
---
apiVersion: ripcord.dev/v1
kind: TrafficPolicy
metadata: { name: fraud }
spec:
  stable: fraud-v1
  weights: [{ release: fraud-v2, weight: 5, sticky: true }]
---
apiVersion: ripcord.dev/v1
kind: FeatureVersion
metadata: { name: enc }
spec:
  name: enc
  version: '1'
  digest: sha256:1111111111111111111111111111111111111111111111111111111111111111
`;

describe('strict manifests', () => {
  it('names every unknown field with its path, file:line:column and the field meant', () => {
    const { issues } = parseManifestFile('fraud.yaml', MANIFESTS, cliManifestKinds);
    expect(issues.map(formatIssue)).toEqual([
      'fraud.yaml:7:3: spec.predictonPath: unknown field "predictonPath": did you mean "predictionPath"?',
      'fraud.yaml:16:48: spec.serving.backends[0].wieght: unknown field "wieght": did you mean "weight"?',
      'fraud.yaml:17:5: spec.serving.timeoutMS: unknown field "timeoutMS": did you mean "timeoutMs"?',
      'fraud.yaml:23:3: metadata.nmae: unknown field "nmae": did you mean "name"?',
      'fraud.yaml:36:45: spec.weights[0].sticky: unknown field "sticky"; known fields here: release, weight',
      'fraud.yaml:42:3: spec.name: unknown field "name": a FeatureVersion takes its name from metadata.name',
    ]);
  });

  it('checks Rollout specs as strictly, canary steps included', () => {
    const rollout = MANIFESTS.split('---\n')[2]!.replace('  nmae: typo\n', '');
    const { issues } = parseManifestFile('rollout.yaml', rollout, cliManifestKinds);
    expect(issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`)).toEqual([
      '9:23 spec.canary.steps[0].setWeigth: unknown field "setWeigth": did you mean "setWeight"?',
      '9:50 spec.canary.steps[1].pause.duraton: unknown field "duraton": did you mean "duration"?',
      '8:3 spec.rollbakTo: unknown field "rollbakTo": did you mean "rollbackTo"?',
    ]);
    expect(() =>
      parseInput(RolloutSpecSchema, {
        name: 'r',
        model: 'm',
        release: 'x',
        canary: {},
        analysis: { triggers: ['hard: error rate > 5% for 1m'] },
        guard: { fastfor: '1h' },
      }),
    ).toThrow('guard.fastfor: unknown field "fastfor": did you mean "fastFor"?');
  });

  it('suggests only plausible near misses', () => {
    expect(nearMiss('predictonPath', ['predictionPath', 'protocol'])).toBe('predictionPath');
    expect(nearMiss('timeoutMS', ['timeoutMs', 'backends'])).toBe('timeoutMs');
    expect(nearMiss('wieght', ['url', 'weight'])).toBe('weight');
    expect(nearMiss('colour', ['url', 'weight'])).toBeUndefined();
    expect(nearMiss('x', ['url'])).toBeUndefined();
  });
});

for (const database of await testDatabases()) {
  describe(`strict API bodies on ${database.name}`, () => {
    let store: Store;
    let registry: Registry;
    let app: FastifyInstance;
    let token: string;

    beforeEach(async () => {
      store = await database.open();
      registry = createRegistry({ store });
      await seedRecommender(registry);
      token = (await registry.createToken('deployer', 'operator', admin)).token;
      ({ app } = await createApi({ registry }));
    });
    afterEach(async () => {
      await app.close();
      await store.close();
    });

    const call = (method: 'PUT' | 'POST', url: string, payload: object) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });

    it('refuses an unknown field instead of storing the default', async () => {
      const model = await call('PUT', '/api/v1/models/fraud', {
        owner: 'risk',
        protocol: 'json',
        predictonPath: '$.score',
      });
      expect(model.statusCode).toBe(400);
      expect(model.json()).toMatchObject({
        field: 'predictonPath',
        detail: 'predictonPath: unknown field "predictonPath": did you mean "predictionPath"?',
      });
      await expect(registry.getModel('fraud')).rejects.toThrow('not found');

      const release = await call('POST', '/api/v1/releases', {
        name: 'recsys-v3',
        model: 'recsys',
        modelVersion: 2,
        features: [{ name: 'item-encoder', version: '5' }],
        serving: { backends: [{ url: 'http://127.0.0.1:9' }], timeoutMS: 100 },
      });
      expect(release.statusCode).toBe(400);
      expect(release.json()).toMatchObject({ field: 'serving.timeoutMS' });

      const policy = await call('PUT', '/api/v1/traffic/recsys', {
        stable: 'recsys-v1-enc4',
        mirror: { release: 'recsys-v2-enc5', percent: 10, compare: { topk: 5 } },
      });
      expect(policy.statusCode).toBe(400);
      expect(policy.json()).toMatchObject({
        field: 'mirror.compare.topk',
        detail: expect.stringContaining('did you mean "topK"?'),
      });

      const flag = await call('PUT', '/api/v1/flags/item-encoder@5', { enabled: false, reson: 'x' });
      expect(flag.statusCode).toBe(400);
      expect(flag.json()).toMatchObject({ field: 'reson' });
      expect(await registry.getFlag('item-encoder@5')).toBeUndefined();
    });

    it('names the manifest path of an unknown field sent to /apply', async () => {
      const res = await call('POST', '/api/v1/apply', {
        documents: [
          {
            apiVersion: 'ripcord.dev/v1',
            kind: 'Release',
            metadata: { name: 'recsys-v3' },
            spec: {
              model: 'recsys',
              modelVersion: 2,
              serving: { backends: [{ url: 'http://127.0.0.1:9' }], predictonPath: '$.x' },
            },
          },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        field: 'documents[0].spec.serving.predictonPath',
        errors: [
          {
            document: 0,
            kind: 'Release',
            name: 'recsys-v3',
            field: 'documents[0].spec.serving.predictonPath',
            pointer: '#/documents/0/spec/serving/predictonPath',
            detail: expect.stringMatching(/^unknown field "predictonPath"/),
          },
        ],
      });
    });
  });
}
