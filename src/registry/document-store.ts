/**
 * The contract for revisioned JSON documents the controller keeps (rollouts, incidents,
 * decisions): compare-and-set updates so concurrent commands resolve to one winner, and reads
 * that are checked against the kind's schema and format version. store/document-store.ts
 * implements it over the database.
 */
import type { z } from 'zod';

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
  /** Forgets this kind's documents last written before `at` (ISO time); resolves to how many. */
  deleteUpdatedBefore(at: string): Promise<number>;
}

/** How one kind of document is checked when it is read back. */
export interface DocumentKindOptions<T> {
  /**
   * Every body read is parsed with it: a stored document that does not match fails at once with
   * an error naming the kind, the id and the field, instead of surprising its reader later.
   * Without it bodies are trusted as written.
   */
  schema?: z.ZodType<T> | undefined;
  /**
   * The body's format version, written with every document. Raise it when the shape changes and
   * give `upgrade`; a document written by a newer format is refused, never misread. @default 1
   */
  version?: number | undefined;
  /** Turns a body stored at an older format version into the current one (before `schema` parses it). */
  upgrade?: ((body: unknown, storedVersion: number) => unknown) | undefined;
  /** The kind's name in errors. @default the kind */
  label?: string | undefined;
}

/** A document that does not match its kind's format (schema or version): which one, which field, and why. */
export class DocumentFormatError extends Error {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${kind} "${id}" does not match its stored format: ${field}: ${problem}`);
    this.name = 'DocumentFormatError';
  }
}
