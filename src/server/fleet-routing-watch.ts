/**
 * Replicas of one control plane on a shared PostgreSQL store each feed their own remote gateways,
 * but a registry change is announced (`registry.onChange`) only in the process that made it. This
 * watch reads the audit trail's head (the routing snapshot's revision) every `intervalMs` and
 * announces a change another replica committed, so a gateway following any replica moves when
 * the leader moves traffic. One cheap query a second per replica.
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

export function fleetRoutingWatch(store: Store, logger: Logger, intervalMs = 1_000): RoutingWatch {
  const listeners = new Set<() => void>();
  let head: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let reading = false;
  let failing = false;
  const check = async (): Promise<void> => {
    if (reading) return;
    reading = true;
    try {
      const row = await store.db
        .selectFrom('audit')
        .select(sql<number>`max(seq)`.as('seq'))
        .executeTakeFirst();
      const seq = Number(row?.seq ?? 0);
      const changed = head !== undefined && seq !== head;
      head = seq;
      failing = false;
      if (changed) for (const listener of listeners) listener();
    } catch (error) {
      if (!failing) logger.warn({ err: error }, 'routing watch: cannot read the audit head; retrying');
      failing = true;
    } finally {
      reading = false;
    }
  };
  return {
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      void check();
      timer = setInterval(() => void check(), intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
