/** The registry contract on every database the store supports, and what only the store version does. */
import { describe, expect, it } from 'vitest';
import { runRegistryContract } from '../../src/registry/registry.contract.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { testDatabases } from '../support/databases.js';

const TABLES = [
  'models',
  'model_versions',
  'features',
  'releases',
  'aliases',
  'alias_moves',
  'flags',
  'traffic_policies',
  'audit',
  'tokens',
  'documents',
] as const;

for (const database of await testDatabases()) {
  runRegistryContract(`registry on ${database.name}`, async (clock) => {
    const store = await database.open();
    return {
      subject: createRegistry({ store, clock }),
      async storedText() {
        const rows = await Promise.all(
          TABLES.map((table) => store.db.selectFrom(table).selectAll().execute()),
        );
        return JSON.stringify(rows);
      },
      async reopen() {
        const reopened = await database.reopen(store);
        return { subject: createRegistry({ store: reopened, clock }), close: () => reopened.close() };
      },
      close: () => store.close(),
    };
  });

  describe(`registry store on ${database.name}`, () => {
    it('applies migrations once, and again finds them applied after a restart', async () => {
      const store = await database.open();
      const expected = [
        '001-registry',
        '002-audit-and-tokens',
        '003-controller-state',
        '004-document-versions',
        '005-fleet-buckets',
        '006-lifecycle',
        '007-change-notifications',
      ];
      expect(store.migrations).toEqual(expected);
      const reopened = await database.reopen(store);
      expect(reopened.migrations).toEqual(expected);
      await reopened.close();
      await store.close();
    });
  });
}
