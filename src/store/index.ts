export { openStore } from './open-store.js';
export type { Store, StoreOptions } from './open-store.js';
export type { StoreCapabilities, StoreDialect } from './store-dialect.js';
export type { Database } from './database.js';
export type { StoreMigration } from './migrations/index.js';
export type { ChangeFeed, WatchedTable } from './change-feed.js';
