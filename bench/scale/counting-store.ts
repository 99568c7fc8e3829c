/**
 * A store whose queries are counted on the way to the database (a Kysely plugin), so the bench
 * can say how many reads and writes a tick costs and which tables the writes land in.
 */
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, RootOperationNode } from 'kysely';
import type { Store } from '../../src/store/index.js';

export interface QueryCounts {
  reads: number;
  writes: number;
  /** Inserts, updates and deletes per table. */
  writesByTable: Record<string, number>;
}

export function emptyCounts(): QueryCounts {
  return { reads: 0, writes: 0, writesByTable: {} };
}

function tableOf(node: OperationNode | undefined): string {
  const table = node as { kind?: string; table?: { identifier?: { name?: string } } } | undefined;
  return table?.kind === 'TableNode' ? (table.table?.identifier?.name ?? '?') : '?';
}

export function countingStore(store: Store): { store: Store; counts: QueryCounts; reset(): void } {
  const state = { counts: emptyCounts() };
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const { node } = args;
      const counts = state.counts;
      if (node.kind === 'SelectQueryNode') counts.reads += 1;
      else if (
        node.kind === 'InsertQueryNode' ||
        node.kind === 'UpdateQueryNode' ||
        node.kind === 'DeleteQueryNode'
      ) {
        counts.writes += 1;
        const target =
          node.kind === 'InsertQueryNode'
            ? node.into
            : node.kind === 'UpdateQueryNode'
              ? node.table
              : node.from.froms[0];
        const table = tableOf(target);
        counts.writesByTable[table] = (counts.writesByTable[table] ?? 0) + 1;
      }
      return node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const counted: Store = {
    db: store.db.withPlugin(plugin),
    dialect: store.dialect,
    capabilities: store.capabilities,
    get changes() {
      return store.changes;
    },
    migrations: store.migrations,
    transaction: (work) => store.transaction(work),
    afterCommit: (callback) => store.afterCommit(callback),
    close: () => store.close(),
  };
  return {
    store: counted,
    get counts() {
      return state.counts;
    },
    reset() {
      state.counts = emptyCounts();
    },
  };
}
