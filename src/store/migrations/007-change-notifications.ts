import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/**
 * PostgreSQL announces each commit to the tables replicas watch (`audit`: routing and registry
 * changes; `fleet_buckets`: remote gateways' telemetry posts) on the `ripcord_change` channel, so
 * every replica reacts at once instead of on its next poll (store/change-feed.ts). A statement
 * trigger, so a batch insert is one notification, and PostgreSQL delivers it only on commit and
 * folds identical ones of a transaction together. SQLite is one host: nothing to announce.
 */
export const changeNotificationsMigration: StoreMigration = {
  name: '007-change-notifications',
  async up(db: Kysely<unknown>, dialect) {
    if (!dialect.capabilities.multiProcess) return;
    await sql`
      create or replace function ripcord_notify_change() returns trigger language plpgsql as $$
      begin
        perform pg_notify('ripcord_change', tg_table_schema || '.' || tg_table_name);
        return null;
      end
      $$`.execute(db);
    for (const table of ['audit', 'fleet_buckets'])
      await sql`
        create trigger ${sql.raw(`${table}_notify_change`)}
        after insert on ${sql.table(table)}
        for each statement execute function ripcord_notify_change()`.execute(db);
  },
};
