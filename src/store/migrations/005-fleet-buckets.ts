import type { Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/**
 * Telemetry batches remote gateways posted to any control-plane replica, kept a few minutes so
 * every replica (the leader above all) merges every gateway's buckets. One row per post; the key
 * is the gateway's (name, instance, seq), so a retried post is stored once.
 */
export const fleetBucketsMigration: StoreMigration = {
  name: '005-fleet-buckets',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('fleet_buckets')
      .addColumn('gateway', 'text', (c) => c.notNull())
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fleet_buckets_pk', ['gateway', 'instance', 'seq'])
      .execute();
    await db.schema.createIndex('fleet_buckets_received').on('fleet_buckets').column('received_at').execute();
  },
};
