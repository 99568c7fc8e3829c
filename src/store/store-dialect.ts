/**
 * What differs between the databases ripcord runs on, behind one small interface with
 * capability flags, so the rest of the store never branches on a database's name.
 */
import type { Dialect } from 'kysely';
import type { ChangeFeed } from './change-feed.js';

export interface StoreCapabilities {
  /** Several processes may share the database (PostgreSQL); SQLite is one host. */
  readonly multiProcess: boolean;
  /** Session-level advisory locks exist for leader election. */
  readonly advisoryLocks: boolean;
}

export interface StoreDialect {
  /** For messages and logs, e.g. `sqlite:./.ripcord/ripcord.db` (credentials removed). */
  readonly description: string;
  readonly capabilities: StoreCapabilities;
  /** SQL type of an auto-incrementing 64-bit-safe sequence column. */
  readonly sequenceType: 'integer' | 'bigserial';
  /**
   * Schema holding the migration bookkeeping tables. Named explicitly on PostgreSQL because the
   * migrator otherwise mistakes another schema's bookkeeping tables (same database) for its own.
   */
  readonly migrationSchema?: string | undefined;
  createKyselyDialect(): Dialect;
  /** Tries to take the named advisory lock without waiting; resolves true when held. */
  tryAdvisoryLock?(key: number): Promise<boolean>;
  releaseAdvisoryLock?(key: number): Promise<void>;
  /** Announces other processes' commits to watched tables (PostgreSQL); absent on one host. */
  changeFeed?(): ChangeFeed;
  /** Frees anything the dialect opened beyond Kysely's pool (e.g. the lock connection). */
  close?(): Promise<void>;
}
