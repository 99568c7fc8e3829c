import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/** Each document records its body's format version; documents written before this are format 1. */
export const documentVersionsMigration: StoreMigration = {
  name: '004-document-versions',
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('documents')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
