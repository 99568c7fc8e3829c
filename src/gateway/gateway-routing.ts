import type { Backends } from './backends.js';
import type { GatewayFeedbackRules } from './feedback-rules.js';
import type { GatewayLogger } from './gateway-context.js';
import type { RoutingHealth } from './routing-health.js';
import { compileRoutingTable, type RoutingSnapshot } from './routing-snapshot.js';
import type { RoutingTable } from './routing-table.js';

/**
 * The routing table a gateway serves, and how a snapshot replaces it: compiled against the
 * current table (a model whose part is refused keeps its last good entry), its feedback rules
 * checked before anything is swapped, refusals logged and reported, unused backends released.
 */
export class GatewayRouting {
  /** The table served; undefined until the first snapshot is applied. Read on every request. */
  table: RoutingTable | undefined;

  constructor(
    private readonly health: RoutingHealth,
    private readonly rules: GatewayFeedbackRules,
    private readonly backends: Backends,
    private readonly logger: GatewayLogger,
  ) {}

  /** Serves `snapshot` from the next request on; throws (keeping the current table) when it is refused whole. */
  apply(snapshot: RoutingSnapshot): RoutingTable {
    let next: RoutingTable;
    try {
      next = compileRoutingTable(snapshot, this.table);
      this.rules.setSnapshot(snapshot); // validates `kpis` before anything is swapped
    } catch (error) {
      this.health.refused((error as Error).message);
      throw error;
    }
    this.table = next;
    this.health.applied(next);
    this.backends.retain(next.backendUrls);
    for (const failure of next.failures.values())
      if (failure.since === next.revision)
        this.logger.error(
          { model: failure.model, revision: next.revision, field: failure.field, err: failure.message },
          failure.servingRevision === undefined
            ? 'routing for this model refused; it is not served'
            : 'routing for this model refused; serving its last good entry',
        );
    return next;
  }
}
