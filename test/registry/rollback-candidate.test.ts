import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';

for (const database of await testDatabases()) {
  describe(`where a rollback would go, on ${database.name}`, () => {
    let store: Store;
    let registry: Registry;
    beforeEach(async () => {
      store = await database.open();
      registry = createRegistry({ store });
      await seedRecommender(registry);
    });
    afterEach(() => store.close());

    it('never names the release production serves now (after a promotion with no baseline)', async () => {
      await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
      await registry.setAlias('recsys', 'production', 'recsys-v2-enc5', admin); // promoted
      expect(await registry.rollbackCandidate('recsys')).toMatchObject({
        release: 'recsys-v1-enc4',
        reason: 'previous-production',
      });
      // A healthy baseline that is production itself is no place to roll back to either.
      await registry.setHealthyBaseline('recsys-v2-enc5', true, admin);
      expect(await registry.rollbackCandidate('recsys')).toMatchObject({ release: 'recsys-v1-enc4' });
      // Naming the pulled release still works as before.
      expect(await registry.rollbackCandidate('recsys', 'recsys-v1-enc4')).toMatchObject({
        release: 'recsys-v2-enc5',
        reason: 'healthy-baseline',
      });
    });

    it('says there is none when production has only ever served one release', async () => {
      await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
      const none = await registry.rollbackCandidate('recsys');
      expect(none.release).toBeNull();
      expect(none.explanation).toMatch(/other than "recsys-v1-enc4"/);
    });
  });
}
