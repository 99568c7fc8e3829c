/**
 * One transaction shared by everything that runs inside it. `AmbientTransactions.run(work)` opens
 * a transaction and, for as long as `work` runs, every query made through the store's Kysely
 * instance (or one derived from it with `withPlugin`) from that async context uses the
 * transaction's connection: registry mutations, documents and the audit trail commit together or
 * not at all. A nested `run` (or `db.transaction()`) joins the outer transaction; a failure inside
 * it marks the whole transaction for rollback even if a caller catches it.
 *
 * The scope follows the async context (AsyncLocalStorage) and is done when `work` settles, so work
 * it left running afterwards goes back to ordinary connections instead of a finished transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseConnection, Dialect, Driver, Kysely, QueryCompiler, TransactionSettings } from 'kysely';

interface Scope {
  connection: DatabaseConnection | undefined;
  /** True while `work` runs: queries from this context then use `connection`. */
  active: boolean;
  /** Set when a joined step failed: the transaction must not commit. */
  failed: unknown;
  afterCommit: (() => void)[];
}

export class AmbientTransactions {
  readonly #scopes = new AsyncLocalStorage<Scope>();

  /** Wraps a dialect so its driver hands the ambient transaction's connection to queries made inside it. */
  wrap(dialect: Dialect): Dialect {
    return {
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createDriver: () => new AmbientDriver(dialect.createDriver(), this.#scopes),
    };
  }

  /** Runs `work` in one transaction of `db` (joining the enclosing one, if any). */
  async run<T, DB>(db: Kysely<DB>, work: () => Promise<T>): Promise<T> {
    const outer = this.#active();
    if (outer) {
      try {
        return await work();
      } catch (error) {
        outer.failed ??= error;
        throw error;
      }
    }
    const scope: Scope = { connection: undefined, active: false, failed: undefined, afterCommit: [] };
    const result = await this.#scopes.run(scope, () =>
      db.transaction().execute(async () => {
        scope.active = true;
        try {
          const value = await work();
          if (scope.failed !== undefined) {
            throw new Error('a step of this transaction failed; nothing was committed', {
              cause: scope.failed,
            });
          }
          return value;
        } finally {
          scope.active = false;
        }
      }),
    );
    for (const callback of scope.afterCommit) this.#scopes.exit(callback);
    return result;
  }

  /** Runs `callback` after the enclosing transaction commits (dropped if it rolls back); at once outside one. */
  afterCommit(callback: () => void): void {
    const scope = this.#active();
    if (scope) scope.afterCommit.push(callback);
    else callback();
  }

  #active(): Scope | undefined {
    const scope = this.#scopes.getStore();
    return scope?.active ? scope : undefined;
  }
}

/**
 * Lends the ambient transaction's connection to queries made inside its scope. The scope's own
 * BEGIN records the connection Kysely opened it on; while the scope is active, a nested BEGIN or
 * COMMIT on that connection is a no-op and a nested ROLLBACK marks the scope failed.
 */
class AmbientDriver implements Driver {
  readonly #inner: Driver;
  readonly #scopes: AsyncLocalStorage<Scope>;

  constructor(inner: Driver, scopes: AsyncLocalStorage<Scope>) {
    this.#inner = inner;
    this.#scopes = scopes;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    const scope = this.#scopes.getStore();
    if (scope?.active && scope.connection) return Promise.resolve(scope.connection);
    return this.#inner.acquireConnection();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scope = this.#scopes.getStore();
    if (scope && !scope.active && scope.connection === undefined) scope.connection = connection;
    else if (this.#lent(connection)) return;
    await this.#inner.beginTransaction(connection, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#lent(connection)) return;
    await this.#inner.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scope = this.#lent(connection);
    if (scope) {
      scope.failed ??= new Error('a nested transaction rolled back');
      return;
    }
    await this.#inner.rollbackTransaction(connection);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.releaseSavepoint?.(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (this.#lent(connection)) return;
    await this.#inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }

  /** The active scope when `connection` is the one it lends out. */
  #lent(connection: DatabaseConnection): Scope | undefined {
    const scope = this.#scopes.getStore();
    return scope?.active && scope.connection === connection ? scope : undefined;
  }
}
