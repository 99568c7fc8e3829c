/**
 * The documents contract: revisioned JSON documents (rollouts, incidents, decisions) with
 * compare-and-set updates, so controller state survives restarts and concurrent commands resolve
 * to one winner. The controller depends on this; store/document-store.ts implements it over SQL.
 */
export interface StoredDocument<T> {
  id: string;
  body: T;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentStore<T> {
  get(id: string): Promise<StoredDocument<T> | undefined>;
  /** Fails with a NotFoundError when the id is absent. */
  require(id: string): Promise<StoredDocument<T>>;
  list(options?: { prefix?: string; limit?: number }): Promise<StoredDocument<T>[]>;
  /** Fails with a ConflictError when the id exists. */
  create(id: string, body: T, at: string): Promise<StoredDocument<T>>;
  /** Writes only if the stored revision is still `expectedRevision` (else a ConflictError). */
  update(id: string, body: T, expectedRevision: number, at: string): Promise<StoredDocument<T>>;
  /** The stored revision alone (no body to fetch or parse); undefined when the id is gone. */
  revision(id: string): Promise<number | undefined>;
}
