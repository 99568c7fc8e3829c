/**
 * Revisioned JSON documents (rollouts, incidents, decisions) with compare-and-set updates, so
 * controller state survives restarts and concurrent commands resolve to one winner.
 */
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { Store } from './open-store.js';

export interface StoredDocument<T> {
  id: string;
  body: T;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentStore<T> {
  get(id: string): Promise<StoredDocument<T> | undefined>;
  require(id: string): Promise<StoredDocument<T>>;
  list(options?: { prefix?: string; limit?: number }): Promise<StoredDocument<T>[]>;
  /** Fails with a ConflictError when the id exists. */
  create(id: string, body: T, at: string): Promise<StoredDocument<T>>;
  /** Writes only if the stored revision is still `expectedRevision`. */
  update(id: string, body: T, expectedRevision: number, at: string): Promise<StoredDocument<T>>;
  /** The stored revision alone (no body to fetch or parse); undefined when the id is gone. */
  revision(id: string): Promise<number | undefined>;
}

export function documentStore<T>(store: Store, kind: string, label = kind): DocumentStore<T> {
  const { db } = store;
  const toDocument = (row: {
    id: string;
    body: string;
    revision: number;
    created_at: string;
    updated_at: string;
  }) => ({
    id: row.id,
    body: JSON.parse(row.body) as T,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  const documents: DocumentStore<T> = {
    async get(id) {
      const row = await db
        .selectFrom('documents')
        .selectAll()
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toDocument(row) : undefined;
    },
    async require(id) {
      const found = await documents.get(id);
      if (!found) throw new NotFoundError(label, id);
      return found;
    },
    async list(options = {}) {
      let query = db.selectFrom('documents').selectAll().where('kind', '=', kind);
      if (options.prefix) query = query.where('id', 'like', `${options.prefix}%`);
      const rows = await query
        .orderBy('created_at')
        .orderBy('id')
        .limit(options.limit ?? 10_000)
        .execute();
      return rows.map(toDocument);
    },
    async create(id, body, at) {
      const text = JSON.stringify(body);
      // ON CONFLICT instead of catching the error: a failed statement would poison an enclosing
      // PostgreSQL transaction (Store.transaction) even when the caller handles the conflict.
      const inserted = await db
        .insertInto('documents')
        .values({ kind, id, body: text, revision: 1, created_at: at, updated_at: at })
        .onConflict((conflict) => conflict.columns(['kind', 'id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) {
        throw new ConflictError(`${label} "${id}" already exists`, { kind: label, id });
      }
      // What was written is what a read would return: no second round trip to fetch it back.
      return toDocument({ id, body: text, revision: 1, created_at: at, updated_at: at });
    },
    async update(id, body, expectedRevision, at) {
      const text = JSON.stringify(body);
      const written = await db
        .updateTable('documents')
        .set({ body: text, revision: expectedRevision + 1, updated_at: at })
        .where('kind', '=', kind)
        .where('id', '=', id)
        .where('revision', '=', expectedRevision)
        .returning('created_at')
        .executeTakeFirst();
      if (!written) {
        const current = await documents.get(id);
        if (!current) throw new NotFoundError(label, id);
        throw new ConflictError(
          `${label} "${id}" is at revision ${current.revision}, not ${expectedRevision}: it changed concurrently; re-read and retry`,
          { kind: label, id, currentRevision: current.revision, expectedRevision },
        );
      }
      return toDocument({
        id,
        body: text,
        revision: expectedRevision + 1,
        created_at: written.created_at,
        updated_at: at,
      });
    },
    async revision(id) {
      const row = await db
        .selectFrom('documents')
        .select('revision')
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.revision;
    },
  };
  return documents;
}
