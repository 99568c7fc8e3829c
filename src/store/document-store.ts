/**
 * Revisioned JSON documents (rollouts, incidents, decisions) with compare-and-set updates, so
 * controller state survives restarts and concurrent commands resolve to one winner. Every body is
 * written with its kind's format version and, read back, checked against the kind's schema
 * (registry/read-document-body.ts).
 */
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { DocumentKindOptions, DocumentStore, StoredDocument } from '../registry/document-store.js';
import { readDocumentBody } from '../registry/read-document-body.js';
import type { Store } from './open-store.js';

export type { DocumentKindOptions, DocumentStore, StoredDocument } from '../registry/document-store.js';
export { DocumentFormatError } from '../registry/document-store.js';

interface DocumentRow {
  id: string;
  body: string;
  revision: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/**
 * The documents of one `kind`. Pass `{ schema, version }` so a stored body that does not match
 * fails on read naming the kind, id and field; without a schema bodies are trusted as written.
 */
export function documentStore<T>(
  store: Store,
  kind: string,
  options: DocumentKindOptions<T> = {},
): DocumentStore<T> {
  return new SqlDocumentStore(store, kind, options);
}

/** One kind's documents in the store's `documents` table. */
class SqlDocumentStore<T> implements DocumentStore<T> {
  private readonly label: string;
  private readonly version: number;

  constructor(
    private readonly store: Store,
    private readonly kind: string,
    private readonly options: DocumentKindOptions<T>,
  ) {
    this.label = options.label ?? kind;
    this.version = options.version ?? 1;
  }

  async get(id: string): Promise<StoredDocument<T> | undefined> {
    const row = await this.store.db
      .selectFrom('documents')
      .selectAll()
      .where('kind', '=', this.kind)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.toDocument(row) : undefined;
  }

  async require(id: string): Promise<StoredDocument<T>> {
    const found = await this.get(id);
    if (!found) throw new NotFoundError(this.label, id);
    return found;
  }

  async list(listOptions: { prefix?: string; limit?: number } = {}): Promise<StoredDocument<T>[]> {
    let query = this.store.db.selectFrom('documents').selectAll().where('kind', '=', this.kind);
    if (listOptions.prefix) query = query.where('id', 'like', `${listOptions.prefix}%`);
    const rows = await query
      .orderBy('created_at')
      .orderBy('id')
      .limit(listOptions.limit ?? 10_000)
      .execute();
    return rows.map((row) => this.toDocument(row));
  }

  async create(id: string, body: T, at: string): Promise<StoredDocument<T>> {
    const { text, value } = this.encode(id, body);
    // ON CONFLICT instead of catching the error: a failed statement would poison an enclosing
    // PostgreSQL transaction (Store.transaction) even when the caller handles the conflict.
    const inserted = await this.store.db
      .insertInto('documents')
      .values({
        kind: this.kind,
        id,
        body: text,
        revision: 1,
        created_at: at,
        updated_at: at,
        version: this.version,
      })
      .onConflict((conflict) => conflict.columns(['kind', 'id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) {
      throw new ConflictError(`${this.label} "${id}" already exists`, { kind: this.label, id });
    }
    return { id, body: value, revision: 1, createdAt: at, updatedAt: at };
  }

  async update(id: string, body: T, expectedRevision: number, at: string): Promise<StoredDocument<T>> {
    const { text, value } = this.encode(id, body);
    const row = await this.store.db
      .updateTable('documents')
      .set({ body: text, revision: expectedRevision + 1, updated_at: at, version: this.version })
      .where('kind', '=', this.kind)
      .where('id', '=', id)
      .where('revision', '=', expectedRevision)
      .returning('created_at')
      .executeTakeFirst();
    if (!row) {
      const current = await this.revision(id);
      if (current === undefined) throw new NotFoundError(this.label, id);
      throw new ConflictError(
        `${this.label} "${id}" is at revision ${current}, not ${expectedRevision}: it changed concurrently; re-read and retry`,
        { kind: this.label, id, currentRevision: current, expectedRevision },
      );
    }
    return { id, body: value, revision: expectedRevision + 1, createdAt: row.created_at, updatedAt: at };
  }

  async revision(id: string): Promise<number | undefined> {
    const row = await this.store.db
      .selectFrom('documents')
      .select('revision')
      .where('kind', '=', this.kind)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.revision;
  }

  async deleteUpdatedBefore(at: string): Promise<number> {
    const deleted = await this.store.db
      .deleteFrom('documents')
      .where('kind', '=', this.kind)
      .where('updated_at', '<', at)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }

  private toDocument(row: DocumentRow): StoredDocument<T> {
    return {
      id: row.id,
      body: readDocumentBody(this.kind, row.id, row.body, row.version, this.options),
      revision: row.revision,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /**
   * The text to store and the body a read of it would return (so a write needs no second round
   * trip). With a schema the body is checked before it is written: a bad write fails, not a later read.
   */
  private encode(id: string, body: T): { text: string; value: T } {
    const text = JSON.stringify(body);
    return { text, value: readDocumentBody(this.kind, id, text, this.version, this.options) };
  }
}
