import { registryMigration } from './001-registry.js';
import { auditAndTokensMigration } from './002-audit-and-tokens.js';
import { controllerStateMigration } from './003-controller-state.js';
import { documentVersionsMigration } from './004-document-versions.js';
import { fleetBucketsMigration } from './005-fleet-buckets.js';
import { lifecycleMigration } from './006-lifecycle.js';
import { changeNotificationsMigration } from './007-change-notifications.js';
import type { StoreMigration } from './store-migration.js';

/** Every migration, in order. Append new steps; never edit one that has shipped. */
export const MIGRATIONS: readonly StoreMigration[] = [
  registryMigration,
  auditAndTokensMigration,
  controllerStateMigration,
  documentVersionsMigration,
  fleetBucketsMigration,
  lifecycleMigration,
  changeNotificationsMigration,
];
export type { StoreMigration } from './store-migration.js';
