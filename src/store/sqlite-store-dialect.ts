import SqliteDatabase from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { ensurePrivateFile } from './private-file.js';
import type { StoreDialect } from './store-dialect.js';

/**
 * Embedded default: one file, WAL journal so readers never block the writer, and a busy
 * timeout so a second process (e.g. `ripcord apply` beside `ripcord up`) waits instead of failing.
 */
export function sqliteStoreDialect(
  file: string,
  options: { notice?: ((message: string) => void) | undefined } = {},
): StoreDialect {
  return {
    description: `sqlite:${file}`,
    capabilities: { multiProcess: false, advisoryLocks: false },
    sequenceType: 'integer',
    createKyselyDialect() {
      // SQLite creates -wal and -shm with the database file's permissions: 0600 like it.
      if (file !== ':memory:') {
        ensurePrivateFile(file, ['-wal', '-shm'], options.notice ?? defaultNotice);
      }
      const database = new SqliteDatabase(file);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('busy_timeout = 5000');
      database.pragma('foreign_keys = ON');
      return new SqliteDialect({ database });
    },
  };
}

function defaultNotice(message: string): void {
  process.emitWarning(message, { code: 'RIPCORD_DATA_FILE_MODE' });
}
