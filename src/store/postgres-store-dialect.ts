import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { postgresChangeFeed, type ChangeFeed } from './change-feed.js';
import type { StoreDialect } from './store-dialect.js';

// Return BIGINT/BIGSERIAL as numbers: sequence values stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Shared store for several hosts; advisory locks give one leading controller. */
export function postgresStoreDialect(
  url: string,
  options: { schema?: string | undefined } = {},
): StoreDialect {
  let lockClient: pg.Client | undefined;
  let feed: ChangeFeed | undefined;
  const clientConfig = {
    connectionString: url,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  };
  return {
    description: `postgres:${redact(url)}${options.schema ? ` (schema ${options.schema})` : ''}`,
    capabilities: { multiProcess: true, advisoryLocks: true },
    sequenceType: 'bigserial',
    migrationSchema: options.schema ?? 'public',
    createKyselyDialect() {
      return new PostgresDialect({ pool: new pg.Pool({ ...clientConfig, max: 10 }) });
    },
    async tryAdvisoryLock(key) {
      if (!lockClient) {
        lockClient = new pg.Client(clientConfig);
        await lockClient.connect();
      }
      const result = await lockClient.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1) as locked',
        [key],
      );
      return result.rows[0]?.locked === true;
    },
    changeFeed() {
      feed ??= postgresChangeFeed({ connectionString: url, schema: options.schema });
      return feed;
    },
    async releaseAdvisoryLock(key) {
      await lockClient?.query('select pg_advisory_unlock($1)', [key]);
    },
    async close() {
      await feed?.close();
      feed = undefined;
      await lockClient?.end();
      lockClient = undefined;
    },
  };
}

/** Drops the password from a connection URL so it can be printed. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
