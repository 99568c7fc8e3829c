/**
 * What every part of the registry shares: transactions that append their audit entries and
 * notify listeners after commit, lookups that name the fix, and compare-and-set on revisions.
 */
import type { Kysely, Transaction } from 'kysely';
import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Database } from '../database.js';
import type { Store } from '../open-store.js';
import { json, toAudit, toModel, toRelease, toVersion } from './registry-rows.js';
import { ROUTING_CHANGE_KINDS } from '../../registry/registry.js';
import type { Actor, RegistryChange } from '../../registry/registry.js';
import type { AuditEntry, Release } from '../../registry/types.js';

export interface RegistryOptions {
  store: Store;
  /** @default systemClock */
  clock?: Clock | undefined;
  /**
   * Awaited after every committed change that alters what gateways serve (ROUTING_CHANGE_KINDS),
   * before the write returns: e.g. until the in-process gateway holds the new routing table, so
   * a weight change or a rollback applies to the very next request. Must not throw.
   */
  afterRoutingChange?: ((change: RegistryChange) => Promise<void>) | undefined;
}

export type Db = Kysely<Database> | Transaction<Database>;

export interface PendingAudit {
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

export function createRegistryCore(options: RegistryOptions) {
  const { store } = options;
  const { db } = store;
  const clock = options.clock ?? systemClock;
  const listeners = new Set<(change: RegistryChange) => void>();
  /** Data-plane updates started by committed changes and not yet applied (see routingChanged). */
  const routingPending = new Set<Promise<void>>();
  const iso = (): string => new Date(clock.now()).toISOString();

  /**
   * Runs `work` in a transaction (joining the caller's, see Registry.atomically), appends its audit
   * entries in it, and notifies listeners once the outermost transaction has committed.
   */
  async function mutate<T>(
    actor: Actor,
    change: RegistryChange | undefined,
    work: (trx: Db, audit: (entry: PendingAudit) => void) => Promise<T>,
  ): Promise<T> {
    const entries: PendingAudit[] = [];
    let result: T;
    try {
      result = await store.transaction(async () => {
        const value = await work(db, (entry) => entries.push(entry));
        for (const entry of entries)
          await appendAudit(db, {
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
      store.afterCommit(() => notify(change));
      if (ROUTING_CHANGE_KINDS.includes(change.kind)) await routingChanged(change);
    }
    return result;
  }

  function notify(change: RegistryChange): void {
    for (const listener of listeners) {
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
  async function routingChanged(change: RegistryChange): Promise<void> {
    let applied: Promise<void> | undefined;
    store.afterCommit(() => {
      applied = options.afterRoutingChange?.(change);
      if (!applied) return;
      const tracked: Promise<void> = applied.finally(() => routingPending.delete(tracked));
      routingPending.add(tracked);
    });
    if (applied) await applied;
  }

  /** Resolves once every data-plane update started so far has been applied. */
  async function routingSettled(): Promise<void> {
    await Promise.all([...routingPending]);
  }

  async function appendAudit(trx: Db, entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<AuditEntry> {
    const row = await trx
      .insertInto('audit')
      .values({
        at: iso(),
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

  async function findModel(trx: Db, name: string) {
    const row = await trx.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toModel(row) : undefined;
  }

  async function requireModel(trx: Db, name: string) {
    const model = await findModel(trx, name);
    if (!model)
      throw new NotFoundError('model', name, 'apply its Model manifest first (ripcord apply -f model.yaml)');
    return model;
  }

  async function requireVersion(trx: Db, model: string, version: number) {
    const row = await trx
      .selectFrom('model_versions')
      .selectAll()
      .where('model', '=', model)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row)
      throw new NotFoundError(
        'model version',
        `${model}@${version}`,
        'register it with a ModelVersion manifest',
      );
    return toVersion(row);
  }

  async function requireRelease(trx: Db, name: string) {
    const row = await trx.selectFrom('releases').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw new NotFoundError('release', name, 'list releases with `ripcord get releases`');
    return toRelease(row);
  }

  function checkRevision(kind: string, id: string, current: number, expected: number | undefined): void {
    if (expected !== undefined && expected !== current) {
      throw new ConflictError(
        `${kind} "${id}" is at revision ${current}, not ${expected}: someone changed it since you read it; re-read and retry`,
        { kind, id, currentRevision: current, expectedRevision: expected },
      );
    }
  }

  /**
   * Compare-and-set on a revisioned row; a lost race surfaces as a ConflictError, never a silent
   * overwrite. `current` is the winner's revision, read after the failed update (under READ
   * COMMITTED the loser's next statement sees the committed winner), so the client knows what to
   * re-read.
   */
  function casFailed(kind: string, id: string, expected: number, current?: number): ConflictError {
    return new ConflictError(
      current === undefined
        ? `${kind} "${id}" changed concurrently (expected revision ${expected}); re-read and retry`
        : `${kind} "${id}" changed concurrently: it is at revision ${current}, not ${expected}; re-read and retry`,
      {
        kind,
        id,
        ...(current === undefined ? {} : { currentRevision: current }),
        expectedRevision: expected,
      },
    );
  }

  async function updateReleaseRow(
    trx: Db,
    release: Release,
    patch: { healthy_baseline?: number; archived?: number; marks?: string },
  ): Promise<Release> {
    const result = await trx
      .updateTable('releases')
      .set({ ...patch, revision: release.revision + 1, updated_at: iso() })
      .where('name', '=', release.name)
      .where('revision', '=', release.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const current = await trx
        .selectFrom('releases')
        .select('revision')
        .where('name', '=', release.name)
        .executeTakeFirst();
      throw casFailed('release', release.name, release.revision, current?.revision);
    }
    return requireRelease(trx, release.name);
  }

  return {
    db,
    store,
    iso,
    listeners,
    mutate,
    routingSettled,
    appendAudit,
    findModel,
    requireModel,
    requireVersion,
    requireRelease,
    checkRevision,
    casFailed,
    updateReleaseRow,
  };
}

export type RegistryCore = ReturnType<typeof createRegistryCore>;

/** A unique-key clash means another writer got there first: report it as the conflict it is. */
function translateUniqueViolation(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new ConflictError('the record was created concurrently by another request; re-read and retry', {
      cause: (error as Error).message,
    });
  }
  return error;
}
