import { registryMigration } from './001-registry.js';
import { auditAndTokensMigration } from './002-audit-and-tokens.js';
import { controllerStateMigration } from './003-controller-state.js';
import { documentVersionsMigration } from './004-document-versions.js';
import { fleetBucketsMigration } from './005-fleet-buckets.js';
import type { StoreMigration } from './store-migration.js';

/** Every migration, in order. Append new steps; never edit one that has shipped. */
export const MIGRATIONS: readonly StoreMigration[] = [
  registryMigration,
  auditAndTokensMigration,
  controllerStateMigration,
  documentVersionsMigration,
  fleetBucketsMigration,
];
export type { StoreMigration } from './store-migration.js';
