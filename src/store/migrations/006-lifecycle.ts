import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/**
 * What the model and data lifecycle needs recorded: the git commit (and path) a feature version's
 * pipeline was built from, and the dataset version and training-config commit of a model version.
 */
export const lifecycleMigration: StoreMigration = {
  name: '006-lifecycle',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('features').addColumn('source', 'text').execute();
    await db.schema.alterTable('model_versions').addColumn('dataset_version', 'text').execute();
    await db.schema.alterTable('model_versions').addColumn('training_config_commit', 'text').execute();
  },
};
