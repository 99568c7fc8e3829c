import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/** Controller state: revisioned JSON documents (rollouts, incidents) and the action journal. */
export const controllerStateMigration: StoreMigration = {
  name: '003-controller-state',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('documents')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('documents_pk', ['kind', 'id'])
      .execute();

    await db.schema
      .createTable('action_journal')
      .addColumn('action_id', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('step', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('outcome', 'text')
      .execute();
    await db.schema.createIndex('action_journal_owner').on('action_journal').column('owner').execute();
  },
};
