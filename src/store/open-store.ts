import { join } from 'node:path';
import { Kysely, Migrator } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely';
import { ValidationError } from '../core/errors.js';
import { AmbientTransactions } from './ambient-transaction.js';
import type { ChangeFeed } from './change-feed.js';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import type { StoreMigration } from './migrations/index.js';
import { postgresStoreDialect } from './postgres-store-dialect.js';
import { sqliteStoreDialect } from './sqlite-store-dialect.js';
import type { StoreCapabilities, StoreDialect } from './store-dialect.js';
import { storeOpenError } from './store-open-error.js';

export interface StoreOptions {
  /**
   * `postgres://…` selects PostgreSQL; `sqlite:PATH`, a file path or `:memory:` selects SQLite.
   * @default `${dataDir}/ripcord.db`
   */
  url?: string | undefined;
  /** @default './.ripcord' */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (created if missing); lets several stores share one database. */
  schema?: string | undefined;
  /** Extra migrations appended after the built-in ones. */
  migrations?: readonly StoreMigration[] | undefined;
  /**
   * Told when an existing data file was readable by others and has been tightened to 0600.
   * @default a process warning
   */
  notice?: ((message: string) => void) | undefined;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  readonly capabilities: StoreCapabilities;
  /**
   * Other processes' commits to watched tables, as they happen (PostgreSQL); undefined where one
   * process owns the database (SQLite).
   */
  readonly changes: ChangeFeed | undefined;
  /** Names of the migrations applied, in order. */
  readonly migrations: string[];
  /**
   * Runs `work` as one transaction: every query on `db` made inside it (registry changes, audit
   * entries, documents) commits together or none does. A nested call joins the outer transaction.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `callback` once the enclosing transaction has committed (never if it rolls back); at once outside one. */
  afterCommit(callback: () => void): void;
  close(): Promise<void>;
}

/** Opens the database named by the options, applies pending migrations, and returns the store. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const dialect = chooseDialect(options);
  try {
    return await openWith(dialect, options);
  } catch (error) {
    throw storeOpenError(dialect, error);
  }
}

async function openWith(dialect: StoreDialect, options: StoreOptions): Promise<Store> {
  if (options.schema) await ensureSchema(dialect, options.schema);
  const transactions = new AmbientTransactions();
  const db = new Kysely<Database>({ dialect: transactions.wrap(dialect.createKyselyDialect()) });
  try {
    const migrations = await migrate(db, dialect, [...MIGRATIONS, ...(options.migrations ?? [])]);
    return {
      db,
      dialect,
      capabilities: dialect.capabilities,
      get changes() {
        return dialect.changeFeed?.();
      },
      migrations,
      transaction: (work) => transactions.run(db, work),
      afterCommit: (callback) => transactions.afterCommit(callback),
      async close() {
        await dialect.close?.();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

function chooseDialect(options: StoreOptions): StoreDialect {
  const url = options.url ?? join(options.dataDir ?? './.ripcord', 'ripcord.db');
  if (/^postgres(ql)?:\/\//.test(url)) return postgresStoreDialect(url, { schema: options.schema });
  if (/^[a-z]+:\/\//.test(url)) {
    throw new ValidationError(
      'database',
      `unsupported database URL "${url.split(':')[0]}://…": use postgres://user@host:5432/db or a SQLite file path`,
    );
  }
  return sqliteStoreDialect(url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url, {
    notice: options.notice,
  });
}

async function ensureSchema(dialect: StoreDialect, schema: string): Promise<void> {
  if (!dialect.capabilities.multiProcess) return;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new ValidationError('schema', `schema "${schema}" must be a lowercase SQL identifier`);
  }
  const db = new Kysely<unknown>({ dialect: dialect.createKyselyDialect() });
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } finally {
    await db.destroy();
  }
}

async function migrate(
  db: Kysely<Database>,
  dialect: StoreDialect,
  migrations: readonly StoreMigration[],
): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          migrations.map((m): [string, Migration] => [m.name, { up: (target) => m.up(target, dialect) }]),
        ),
      ),
  };
  const migrator = new Migrator({ db, provider, migrationTableSchema: dialect.migrationSchema });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    throw new Error(`database migration failed on ${dialect.description}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const applied = await migrator.getMigrations();
  return applied.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}
