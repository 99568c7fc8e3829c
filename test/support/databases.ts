/**
 * The database matrix every store-backed suite runs against: SQLite always, PostgreSQL when
 * reachable. In CI PostgreSQL is required, so its absence fails loudly instead of skipping.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';

export const POSTGRES_URL =
  process.env['RIPCORD_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated store (its own file or schema). */
  open(): Promise<Store>;
  /** Connection settings for a fresh database, for code that opens its own store (control plane). */
  connection(): { url?: string; schema?: string };
  /** Reopens an existing store (same file or schema), as a restarted process would. */
  reopen(store: Store): Promise<Store>;
}

const schemas = new WeakMap<Store, string>();
/** Schemas this process created: dropped after each test file (test/support/drop-test-schemas.ts). */
const created = new Set<string>();
(globalThis as { ripcordTestSchemas?: Set<string> }).ripcordTestSchemas = created;

function newSchema(): string {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  created.add(schema);
  return schema;
}

/**
 * Drops the schemas this process created. Left behind, they pile up run after run on a shared
 * server, and every fresh store's migration check (which introspects every table of every
 * schema) slows down with them: ~900 schemas made each open take 5 s.
 */
export async function dropCreatedSchemas(): Promise<void> {
  if (created.size === 0) return;
  const doomed = [...created];
  created.clear();
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    // A schema a straggling process still holds is left for a later run rather than waited on.
    await client.query(`set lock_timeout = '2s'`);
    for (const schema of doomed)
      await client.query(`drop schema if exists "${schema}" cascade`).catch((error: unknown) => {
        process.stderr.write(`ripcord tests: could not drop schema ${schema}: ${String(error)}\n`);
      });
  } finally {
    await client.end().catch(() => undefined);
  }
}
const files = new WeakMap<Store, string>();

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let cached: Promise<TestDatabase[]> | undefined;

export function testDatabases(): Promise<TestDatabase[]> {
  cached ??= build();
  return cached;
}

async function build(): Promise<TestDatabase[]> {
  const sqlite: TestDatabase = {
    name: 'sqlite',
    async open() {
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const file = join(mkdtempSync(join(tmpdir(), 'ripcord-test-')), 'ripcord.db');
      const store = await openStore({ url: file });
      files.set(store, file);
      return store;
    },
    connection: () => ({}),
    async reopen(store) {
      const file = files.get(store);
      if (!file) throw new Error('reopen: store was not opened by this matrix');
      const next = await openStore({ url: file });
      files.set(next, file);
      return next;
    },
  };
  const databases = [sqlite];
  if (await postgresReachable()) {
    databases.push({
      name: 'postgres',
      async open() {
        const schema = newSchema();
        const store = await openStore({ url: POSTGRES_URL, schema });
        schemas.set(store, schema);
        return store;
      },
      connection: () => ({ url: POSTGRES_URL, schema: newSchema() }),
      async reopen(store) {
        const schema = schemas.get(store);
        if (!schema) throw new Error('reopen: store was not opened by this matrix');
        const next = await openStore({ url: POSTGRES_URL, schema });
        schemas.set(next, schema);
        return next;
      },
    });
  } else if (process.env['CI']) {
    throw new Error(
      `PostgreSQL is required in CI but ${POSTGRES_URL} is not reachable: start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`',
    );
  } else {
    warnOnce();
  }
  return databases;
}

let warned = false;
function warnOnce(): void {
  if (warned) return;
  warned = true;
  process.stderr.write(
    `ripcord tests: PostgreSQL not reachable at ${POSTGRES_URL}; PostgreSQL suites skipped (SQLite only). ` +
      'Set RIPCORD_TEST_POSTGRES_URL or start PostgreSQL to run them.\n',
  );
}
