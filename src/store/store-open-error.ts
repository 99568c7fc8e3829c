import { RipcordError, UnavailableError } from '../core/errors.js';
import type { StoreDialect } from './store-dialect.js';

/**
 * A database that cannot be opened, said in one line naming where and what to change (a bad
 * path, a file that is not a database, an unreachable server) instead of a driver's stack trace.
 */
export function storeOpenError(dialect: StoreDialect, error: unknown): Error {
  if (error instanceof RipcordError) return error;
  const { code, message } = error as { code?: string; message?: string };
  const where = dialect.description.replace(/\/\/[^@/]*@/, '//');
  const reason = describe(code, message ?? String(error));
  const failure = new UnavailableError(
    `cannot open the database ${where}: ${reason}; give --database (or RIPCORD_DATABASE_URL) a working ` +
      'SQLite path or postgres:// URL, or --data a writable directory',
    { code },
  );
  failure.cause = error;
  return failure;
}

function describe(code: string | undefined, message: string): string {
  switch (code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `not allowed to write there (${code})`;
    case 'SQLITE_CANTOPEN':
      return 'the file cannot be opened or created';
    case 'SQLITE_NOTADB':
      return 'the file exists but is not a SQLite database';
    case 'ECONNREFUSED':
      return 'nothing accepts connections at that address';
    case 'ENOTFOUND':
      return 'the host name does not resolve';
    default:
      return message.split('\n')[0] ?? message;
  }
}
