/**
 * How every registry change is written: in one transaction with its audit entries, listeners told
 * after the commit, and the data planes waited for when the change alters what they serve.
 */
import { createdConcurrently } from '../../registry/revision-checks.js';
import { ROUTING_CHANGE_KINDS } from '../../registry/registry.js';
import type { Actor, RegistryChange } from '../../registry/registry.js';
import type { AuditEntry } from '../../registry/types.js';
import { json, toAudit } from './registry-rows.js';
import { nowIso } from './registry-state.js';
import type { Db, RegistryState } from './registry-state.js';

export interface PendingAudit {
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Runs `work` in a transaction (joining the caller's, see Registry.atomically), appends its audit
 * entries in it, and notifies listeners once the outermost transaction has committed. A change
 * that writes no audit entry changed nothing, and nobody hears of it.
 */
export async function mutate<T>(
  state: RegistryState,
  actor: Actor,
  change: RegistryChange | undefined,
  work: (trx: Db, audit: (entry: PendingAudit) => void) => Promise<T>,
): Promise<T> {
  const { store, db } = state;
  const entries: PendingAudit[] = [];
  let result: T;
  try {
    result = await store.transaction(async () => {
      const value = await work(db, (entry) => entries.push(entry));
      for (const entry of entries)
        await appendAudit(state, db, {
          ...entry,
          actor: actor.actor,
          reason: actor.reason,
          requestId: actor.requestId,
        });
      return value;
    });
  } catch (error) {
    throw translateUniqueViolation(error);
  }
  if (change && entries.length > 0) {
    store.afterCommit(() => notify(state, change));
    if (ROUTING_CHANGE_KINDS.includes(change.kind)) await routingChanged(state, change);
  }
  return result;
}

export async function appendAudit(
  state: RegistryState,
  trx: Db,
  entry: Omit<AuditEntry, 'seq' | 'at'>,
): Promise<AuditEntry> {
  const row = await trx
    .insertInto('audit')
    .values({
      at: nowIso(state),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      reason: entry.reason ?? null,
      before: entry.before === undefined ? null : json(entry.before),
      after: entry.after === undefined ? null : json(entry.after),
      request_id: entry.requestId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAudit(row);
}

/** Resolves once every data-plane update started so far has been applied. */
export async function routingSettled(state: RegistryState): Promise<void> {
  await Promise.all([...state.routingPending]);
}

function notify(state: RegistryState, change: RegistryChange): void {
  for (const listener of state.listeners) {
    try {
      listener(change);
    } catch {
      // A listener's failure must never undo or fail a committed change.
    }
  }
}

/**
 * Tells the data planes once the change has committed and, outside a transaction, waits for them.
 * Inside one (Registry.atomically) they hear of it after the commit, and atomically waits then:
 * reading earlier would show uncommitted state, and waiting here would wait on the transaction.
 */
async function routingChanged(state: RegistryState, change: RegistryChange): Promise<void> {
  let applied: Promise<void> | undefined;
  state.store.afterCommit(() => {
    applied = state.afterRoutingChange?.(change);
    if (!applied) return;
    const tracked: Promise<void> = applied.finally(() => state.routingPending.delete(tracked));
    state.routingPending.add(tracked);
  });
  if (applied) await applied;
}

/** A unique-key clash (PostgreSQL or SQLite) means another writer got there first. */
function translateUniqueViolation(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return createdConcurrently((error as Error).message);
  }
  return error;
}
