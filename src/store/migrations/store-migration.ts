import type { Kysely } from 'kysely';
import type { StoreDialect } from '../store-dialect.js';

/** One versioned schema step. Names sort in application order; applied steps never change. */
export interface StoreMigration {
  name: string;
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}
