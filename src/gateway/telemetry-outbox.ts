/**
 * What a gateway recorded since it last passed its telemetry on, as deltas: every observation is
 * written to the gateway's own telemetry and to an outbox (a small table of its own), and `take()`
 * swaps the outbox for an empty one and exports all of it, the current second included. Buckets
 * merge by addition, so whoever receives them (a control plane, a cluster primary) adds each delta
 * to what it holds for that second: each observation leaves exactly once, whenever it is recorded
 * (a slow request into a second long gone as well), and no second waits to close or for
 * stragglers. Used by remote gateways (telemetry-shipper.ts) and `--workers` processes
 * (gateway-cluster.ts).
 */
import { systemClock } from '../core/clock.js';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../telemetry/create-telemetry.js';
import type { SerializedBucket } from '../telemetry/release-bucket.js';
import type { Outcome } from '../telemetry/types.js';

export interface TelemetryOutboxOptions {
  /** Options of the outbox tables (their schemas must match the gateway's). */
  telemetry: Pick<TelemetryOptions, 'schemas'> & Partial<TelemetryOptions>;
  /** Called on each failed request (what the error triggers count): its evidence is urgent. */
  onFailure?: () => void;
}

export class TelemetryOutbox {
  private outbox: Telemetry;
  private empty = true;

  constructor(private readonly options: TelemetryOutboxOptions) {
    this.outbox = this.emptyOutbox();
  }

  /** `source`, every write copied to the outbox as well. */
  wrap(source: Telemetry): Telemetry {
    const wrapped = Object.create(source) as Telemetry;
    wrapped.record = (obs) => {
      source.record(obs);
      this.outbox.record(obs);
      this.empty = false;
      if (FAILURES.has(obs.outcome)) this.options.onFailure?.();
    };
    wrapped.recordKpi = (obs) => {
      source.recordKpi(obs);
      this.outbox.recordKpi(obs);
      this.empty = false;
    };
    wrapped.importBuckets = (batch, importOptions) => {
      source.importBuckets(batch, importOptions);
      this.outbox.importBuckets(batch);
      this.empty = false;
    };
    return wrapped;
  }

  /** Everything recorded since the last take, as buckets; the outbox starts empty again. */
  take(): SerializedBucket[] {
    if (this.empty) return [];
    const taken = this.outbox;
    this.outbox = this.emptyOutbox();
    this.empty = true;
    return taken.exportBuckets(0).buckets;
  }

  /**
   * An outbox's clock runs a second ahead, so its export counts the current second as closed: the
   * outbox is dropped after its one export, so a second still growing is never sent twice.
   */
  private emptyOutbox(): Telemetry {
    const clock = this.options.telemetry.clock ?? systemClock;
    return createTelemetry({
      windowSeconds: 3600,
      ...this.options.telemetry,
      clock: { now: () => clock.now() + 1_000, sleep: clock.sleep },
    });
  }
}

/** Outcomes the error-rate triggers count (`serverFailures`). */
const FAILURES: ReadonlySet<Outcome> = new Set([
  'serverError',
  'timeout',
  'connectionError',
  'invalidResponse',
]);
