import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sqliteDialectKeepingErrors } from './sqlite-rollback-guard.js';
import type { StoreDialect } from './store-dialect.js';

/**
 * Embedded default: one file, WAL journal so readers never block the writer, and a busy
 * timeout so a second process (e.g. `ripcord apply` beside `ripcord up`) waits instead of failing.
 */
export function sqliteStoreDialect(file: string): StoreDialect {
  return {
    description: `sqlite:${file}`,
    capabilities: { multiProcess: false, advisoryLocks: false },
    sequenceType: 'integer',
    createKyselyDialect() {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const database = new SqliteDatabase(file);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('busy_timeout = 5000');
      database.pragma('foreign_keys = ON');
      return sqliteDialectKeepingErrors(database);
    },
  };
}
