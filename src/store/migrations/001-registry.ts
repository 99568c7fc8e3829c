import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/** Registry tables: models, versions, features, releases, aliases and their history, flags, policies. */
export const registryMigration: StoreMigration = {
  name: '001-registry',
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('models')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('prediction_path', 'text')
      .addColumn('input_schema', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('model_versions')
      .addColumn('model', 'text', (c) => c.notNull().references('models.name'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('artifact_uri', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('framework', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('compatible_features', 'text', (c) => c.notNull())
      .addColumn('archived', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('model_versions_pk', ['model', 'version'])
      .execute();

    await db.schema
      .createTable('features')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('features_pk', ['name', 'version'])
      .execute();

    await db.schema
      .createTable('releases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('model', 'text', (c) => c.notNull().references('models.name'))
      .addColumn('model_version', 'integer', (c) => c.notNull())
      .addColumn('features', 'text', (c) => c.notNull())
      .addColumn('serving', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('healthy_baseline', 'integer', (c) => c.notNull())
      .addColumn('archived', 'integer', (c) => c.notNull())
      .addColumn('marks', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('releases_model').on('releases').column('model').execute();

    await db.schema
      .createTable('aliases')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull().references('releases.name'))
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('aliases_pk', ['model', 'name'])
      .execute();

    await db.schema
      .createTable('alias_moves')
      .addColumn('id', dialect.sequenceType, (c) =>
        dialect.sequenceType === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey(),
      )
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('from_release', 'text')
      .addColumn('to_release', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text')
      .execute();
    await db.schema
      .createIndex('alias_moves_lookup')
      .on('alias_moves')
      .columns(['model', 'alias', 'at'])
      .execute();

    await db.schema
      .createTable('flags')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('traffic_policies')
      .addColumn('model', 'text', (c) => c.primaryKey())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
  },
};
