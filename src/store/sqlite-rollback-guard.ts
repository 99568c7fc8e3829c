import type SqliteDatabase from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/**
 * Kysely's SQLite dialect, keeping the error that failed a transaction. SQLite rolls a
 * transaction back by itself on some errors (SQLITE_FULL: disk full; SQLITE_IOERR); Kysely's
 * ROLLBACK then fails with "cannot rollback - no transaction is active", and that error replaced
 * the one that says what went wrong. The rollback is skipped when none is open.
 */
export function sqliteDialectKeepingErrors(database: SqliteDatabase.Database): SqliteDialect {
  const dialect = new SqliteDialect({ database });
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => {
    const driver = createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (database.inTransaction) await rollback(connection);
    };
    return driver;
  };
  return dialect;
}
