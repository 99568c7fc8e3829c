/**
 * Replicas of one control plane on a shared PostgreSQL store each feed their own remote gateways,
 * but a registry change is announced (`registry.onChange`) only in the process that made it. This
 * watch reads the audit trail's head (the routing snapshot's revision) and announces a change
 * another replica committed, so a gateway following any replica moves when the leader moves
 * traffic: at once when the database announces the commit (store.changes, PostgreSQL's
 * LISTEN/NOTIFY), and every `intervalMs` in any case (one cheap query a second per replica), which
 * covers a listening connection that is down.
 */
import { sql } from 'kysely';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/index.js';

export interface RoutingWatch {
  /** Calls `listener` when another replica committed a change; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  start(): void;
  stop(): void;
}

export interface RoutingWatchOptions {
  /** @default 1000 */
  intervalMs?: number;
  /**
   * The audit head this process has already read (its own commits are announced in process): a
   * head not past it is not announced again, so a replica's own change is read once.
   */
  known?: () => Promise<number | undefined>;
}

export function fleetRoutingWatch(
  store: Store,
  logger: Logger,
  { intervalMs = 1_000, known }: RoutingWatchOptions = {},
): RoutingWatch {
  const listeners = new Set<() => void>();
  let head: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let reading = false;
  let failing = false;
  let again = false;
  let unsubscribe: (() => void) | undefined;
  let unsubscribeFailure: (() => void) | undefined;
  const check = async (): Promise<void> => {
    // A commit announced while a read is under way may have missed it: read once more after.
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      const row = await store.db
        .selectFrom('audit')
        .select(sql<number>`max(seq)`.as('seq'))
        .executeTakeFirst();
      const seq = Number(row?.seq ?? 0);
      const moved = head !== undefined && seq !== head;
      head = seq;
      const held = moved ? await known?.() : undefined;
      const changed = moved && !(held !== undefined && held >= seq);
      failing = false;
      if (changed) for (const listener of listeners) listener();
    } catch (error) {
      if (!failing) logger.warn({ err: error }, 'routing watch: cannot read the audit head; retrying');
      failing = true;
    } finally {
      reading = false;
    }
    if (again) {
      again = false;
      await check();
    }
  };
  return {
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      const changes = store.changes;
      unsubscribe = changes?.on('audit', () => void check());
      unsubscribeFailure = changes?.onFailure((error) =>
        logger.warn(
          { err: error },
          'routing watch: not told of commits at once; reading every second meanwhile',
        ),
      );
      void check();
      timer = setInterval(() => void check(), intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      unsubscribe?.();
      unsubscribeFailure?.();
    },
  };
}
