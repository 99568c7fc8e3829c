/**
 * The metric-provider contract: where the judges read a release's telemetry. ripcord's own
 * gateways are one provider (their merged 1 s buckets); Prometheus, Datadog or a warehouse are
 * others. Reads are asynchronous, so a provider may query over the network.
 *
 * Rules every provider follows:
 * - A window covers [from, to) in epoch ms of the controller's clock; a release with no traffic
 *   in it gives an empty window (requests 0), never an error.
 * - `series` returns one window per `stepMs` interval, oldest first, covering [from, to).
 * - Throws `MetricReadError` (naming the provider and the query, never a credential) when it
 *   cannot read; the judges then hold (insufficient data) rather than pass.
 * - Pure reads: asking twice for a closed span gives the same answer.
 *
 * Shipped: `telemetry` (the in-process buckets: analysis/providers/telemetry/) and `noop`
 * (no data: analysis/providers/noop/) and `prometheus` (the exported counters through PromQL:
 * analysis/providers/prometheus/).
 */
import { RipcordError } from '../../core/errors.js';
import type { ReleaseWindow } from '../../telemetry/types.js';

export interface WindowQuery {
  model: string;
  release: string;
  from: number;
  to: number;
  region?: string | undefined;
  /**
   * false: the judge reads no predictions from this answer (only the diversity trigger does), so
   * a provider may leave them empty; ripcord's telemetry then skips merging them, most of a
   * read's cost. A provider that answers them anyway is still right.
   */
  predictions?: boolean | undefined;
}

export interface SeriesQuery extends WindowQuery {
  stepMs: number;
}

export interface MetricProvider {
  /** `telemetry`, `prometheus`: names the provider in readings and errors. */
  readonly name: string;
  window(query: WindowQuery): Promise<ReleaseWindow>;
  series(query: SeriesQuery): Promise<ReleaseWindow[]>;
}

/** A provider could not answer a query. */
export class MetricReadError extends RipcordError {
  readonly code = 'unavailable';
}
