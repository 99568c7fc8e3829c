/**
 * The state every registry operation works over: the store, the clock, change listeners and the
 * data-plane updates still in flight. Operations are module functions taking it first.
 */
import type { Kysely, Transaction } from 'kysely';
import { systemClock } from '../../core/clock.js';
import type { Clock } from '../../core/clock.js';
import type { RegistryChange } from '../../registry/registry.js';
import type { Database } from '../database.js';
import type { Store } from '../open-store.js';

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

/** The store's connection, or the transaction a mutation runs in. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface RegistryState {
  readonly store: Store;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly afterRoutingChange: RegistryOptions['afterRoutingChange'];
  readonly listeners: Set<(change: RegistryChange) => void>;
  /** Data-plane updates started by committed changes and not yet applied (registry-mutation.ts). */
  readonly routingPending: Set<Promise<void>>;
}

export function registryState(options: RegistryOptions): RegistryState {
  return {
    store: options.store,
    db: options.store.db,
    clock: options.clock ?? systemClock,
    afterRoutingChange: options.afterRoutingChange,
    listeners: new Set(),
    routingPending: new Set(),
  };
}

/** The registry clock's now, as the ISO 8601 text rows store. */
export function nowIso(state: RegistryState): string {
  return new Date(state.clock.now()).toISOString();
}
