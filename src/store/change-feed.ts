/**
 * Tells this process at once when another process sharing the database committed rows to a
 * watched table, so replicas on PostgreSQL react to each other's writes in milliseconds instead of
 * on their next poll. The database announces the commits itself (migration 007: a statement
 * trigger on each watched table calls `pg_notify` with the table's schema and name, delivered only
 * when the writing transaction commits), so every writer is covered, whatever its version.
 *
 * A hint, not a log: listeners re-read what they need, and keep polling as a safety net. When the
 * listening connection drops it is reopened with backoff, and every listener is called once on
 * reconnect (a commit may have gone unannounced meanwhile).
 */
import pg from 'pg';

/** The tables whose commits are announced (see migration 007). */
export type WatchedTable = 'audit' | 'fleet_buckets';

/** The channel the triggers notify on; the payload is `schema.table`. */
export const CHANGE_CHANNEL = 'ripcord_change';

export interface ChangeFeed {
  /** Calls `listener` after each commit to `table` (several commits may share one call). */
  on(table: WatchedTable, listener: () => void): () => void;
  /**
   * Opens the listening connection if none is open; resolves true once commits are announced to
   * this process, false while they are not (it keeps trying).
   */
  ready(): Promise<boolean>;
  /** Calls `listener` when the listening connection fails (it is reopened with backoff). */
  onFailure(listener: (error: Error) => void): () => void;
  close(): Promise<void>;
}

export interface PostgresChangeFeedOptions {
  connectionString: string;
  /** The store's schema (the payload names it); @default 'public' */
  schema?: string | undefined;
  /** The listening session's `application_name`, as `pg_stat_activity` shows it. @default 'ripcord-change-feed' */
  applicationName?: string | undefined;
  /** @default { initialMs: 250, maxMs: 10000 } */
  backoff?: { initialMs?: number; maxMs?: number };
}

/**
 * Opens the listening connection lazily, on the first `on`: a store nobody watches holds no
 * extra connection.
 */
export function postgresChangeFeed(options: PostgresChangeFeedOptions): ChangeFeed {
  const schema = options.schema ?? 'public';
  const listeners = new Map<WatchedTable, Set<() => void>>();
  const failureListeners = new Set<(error: Error) => void>();
  const failed = (error: Error): void => {
    if (!closed) for (const listener of failureListeners) safely(() => listener(error));
  };
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  let delay = options.backoff?.initialMs ?? 250;
  let retry: NodeJS.Timeout | undefined;
  let everListened = false;

  const dispatch = (table: WatchedTable | undefined): void => {
    const targets = table ? [listeners.get(table)] : [...listeners.values()];
    for (const set of targets) for (const listener of set ?? []) safely(listener);
  };

  const scheduleReconnect = (): void => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connecting = connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, options.backoff?.maxMs ?? 10_000);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'ripcord-change-feed',
    });
    next.on('notification', (message) => {
      const [from, table] = (message.payload ?? '').split('.');
      if (from === schema && (table === 'audit' || table === 'fleet_buckets')) dispatch(table);
    });
    const lost = (error: Error): void => {
      if (client !== next) return;
      client = undefined;
      next.end().catch(() => undefined);
      failed(error);
      scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', () => lost(new Error('the listening connection ended')));
    try {
      await next.connect();
      await next.query(`listen ${CHANGE_CHANNEL}`);
    } catch (error) {
      next.end().catch(() => undefined);
      failed(error as Error);
      scheduleReconnect();
      return;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    delay = options.backoff?.initialMs ?? 250;
    // Commits made while no connection listened were not announced.
    if (everListened) dispatch(undefined);
    everListened = true;
  };

  return {
    on(table, listener) {
      let set = listeners.get(table);
      if (!set) listeners.set(table, (set = new Set()));
      set.add(listener);
      if (!client && !connecting && !closed) connecting = connect();
      return () => set.delete(listener);
    },
    async ready() {
      if (!client && !connecting && !closed) connecting = connect();
      await connecting;
      return client !== undefined;
    },
    onFailure(listener) {
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await connecting;
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}

function safely(listener: () => void): void {
  try {
    listener();
  } catch {
    // A listener's failure is its own; the others are still told.
  }
}
