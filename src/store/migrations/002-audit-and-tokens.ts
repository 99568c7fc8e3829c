import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/** The append-only audit trail and hashed API tokens. */
export const auditAndTokensMigration: StoreMigration = {
  name: '002-audit-and-tokens',
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('audit')
      .addColumn('seq', dialect.sequenceType, (c) =>
        dialect.sequenceType === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('request_id', 'text')
      .execute();
    await db.schema.createIndex('audit_target').on('audit').column('target').execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
};
