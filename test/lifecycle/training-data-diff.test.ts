/**
 * Training-data versions in releases: a model version records its dataset version and training
 * config commit, a feature version the pipeline commit it was built from (stored on SQLite and
 * PostgreSQL), and a release diff reports data as its own component.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Store } from '../../src/store/index.js';
import { admin, digestOf, seedRecommender } from '../support/fixtures.js';
import { testDatabases } from '../support/databases.js';

for (const database of await testDatabases()) {
  describe(`dataset versions and pipeline commits (${database.name})`, () => {
    let store: Store | undefined;
    afterEach(async () => store?.close());

    it('stores them, and the diff shows model / features / serving / data per component', async () => {
      store = await database.open();
      const registry = createRegistry({ store });
      await seedRecommender(registry);
      await registry.registerFeature(
        {
          name: 'item-encoder',
          version: '6',
          kind: 'encoder',
          digest: digestOf('6'),
          source: {
            repository: 'git@example.com:ml/features.git',
            commit: 'a1b2c3d4',
            path: 'feature_pipeline/',
          },
        },
        admin,
      );
      const { version } = await registry.registerVersion(
        {
          model: 'recsys',
          artifactUri: 's3://models/recsys/3/',
          digest: digestOf('c'),
          datasetVersion: 'clicks-2026-01-01',
          trainingConfigCommit: 'f00dfeed',
          compatibleFeatures: [{ name: 'item-encoder', version: '6' }],
        },
        admin,
      );
      await registry.createRelease(
        {
          name: 'recsys-v3-enc6',
          model: 'recsys',
          modelVersion: version.version,
          features: [{ name: 'item-encoder', version: '6' }],
          serving: { backends: [{ url: 'http://127.0.0.1:9103' }] },
        },
        admin,
      );
      expect(await registry.getFeature('item-encoder', '6')).toMatchObject({
        source: { commit: 'a1b2c3d4', path: 'feature_pipeline/' },
      });
      expect((await registry.getFeature('item-encoder', '5')).source).toBeUndefined();
      expect(await registry.getVersion('recsys', 3)).toMatchObject({
        datasetVersion: 'clicks-2026-01-01',
        trainingConfigCommit: 'f00dfeed',
      });
      const diff = await registry.diffReleases('recsys-v2-enc5', 'recsys-v3-enc6');
      expect(diff.data).toEqual({
        changed: true,
        changes: [
          { path: 'datasetVersion', from: null, to: 'clicks-2026-01-01' },
          { path: 'trainingConfigCommit', from: null, to: 'f00dfeed' },
        ],
      });
      expect((await registry.diffReleases('recsys-v1-enc4', 'recsys-v2-enc5')).data).toEqual({
        changed: false,
        changes: [],
      });
    });

    it('refuses a pipeline commit or training commit that is not a git commit id, naming the field', async () => {
      store = await database.open();
      const registry = createRegistry({ store });
      await seedRecommender(registry);
      await expect(
        registry.registerFeature(
          { name: 'item-encoder', version: '7', digest: digestOf('7'), source: { commit: 'main' } },
          admin,
        ),
      ).rejects.toThrow(/source\.commit.*git commit id/);
      await expect(
        registry.registerVersion(
          { model: 'recsys', artifactUri: 's3://x', digest: digestOf('d'), trainingConfigCommit: 'HEAD' },
          admin,
        ),
      ).rejects.toThrow(/trainingConfigCommit.*git commit id/);
    });
  });
}
