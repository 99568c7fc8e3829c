/**
 * How current a gateway's routing table is: the revision it serves, when it was applied, which
 * models kept an older entry because their part of the latest snapshot was refused, and (for a
 * gateway following a control plane) whether it is connected. Read by /readyz, /metrics and the
 * control plane's wait for a routing change to reach every gateway.
 */
import type { Clock } from '../core/clock.js';
import { Counter, Gauge, type Registry } from '../telemetry/prom-classes.js';
import type { ModelFailure, RoutingTable } from './routing-table.js';

/** A routing source's link to its control plane, as the gateway reports it. */
export interface RoutingConnection {
  connected: boolean;
  /** Epoch ms of the last connect or disconnect. */
  since: number | undefined;
  lastError: string | undefined;
  reconnects: number;
}

export interface RoutingHealthReport {
  /** `ready`: a table with every model current; `stale`: some model serves an older entry or none. */
  status: 'ready' | 'stale' | 'not-ready';
  revision: number | undefined;
  /** Seconds since the table was last replaced. */
  ageSeconds: number | undefined;
  /** Traffic policy revision each model is served at (what a rollback waits for). */
  policies: Record<string, number>;
  failures: ModelFailure[];
  lastError: string | undefined;
  connection: RoutingConnection | undefined;
}

export class RoutingHealth {
  #table: RoutingTable | undefined;
  #appliedAt: number | undefined;
  #lastError: string | undefined;
  #connection: (() => RoutingConnection) | undefined;

  constructor(private readonly clock: Clock) {}

  applied(table: RoutingTable): void {
    this.#table = table;
    this.#appliedAt = this.clock.now();
    const failure = table.failures.values().next().value;
    this.#lastError = failure ? failure.message : undefined;
  }

  /** A snapshot that could not be applied at all (not JSON, not a snapshot). */
  refused(message: string): void {
    this.#lastError = message;
  }

  /** The routing source whose connection state is reported (a remote gateway's). */
  follow(connection: () => RoutingConnection): void {
    this.#connection = connection;
  }

  report(): RoutingHealthReport {
    const table = this.#table;
    const policies: Record<string, number> = {};
    for (const [name, model] of table?.models ?? []) if (model.policy) policies[name] = model.policy.revision;
    const failures = [...(table?.failures.values() ?? [])];
    return {
      status: !table ? 'not-ready' : failures.length > 0 ? 'stale' : 'ready',
      revision: table?.revision,
      ageSeconds: this.#appliedAt === undefined ? undefined : (this.clock.now() - this.#appliedAt) / 1000,
      policies,
      failures,
      lastError: this.#lastError,
      connection: this.#connection?.(),
    };
  }

  /** Gauges read at scrape time. */
  register(registry: Registry): void {
    const health = (): RoutingHealthReport => this.report();
    const clock = this.clock;
    new Gauge({
      name: 'ripcord_routing_revision',
      help: 'Revision of the routing snapshot this gateway serves (absent before the first).',
      registers: [registry],
      collect() {
        this.reset();
        const { revision } = health();
        if (revision !== undefined) this.set(revision);
      },
    });
    new Gauge({
      name: 'ripcord_routing_table_age_seconds',
      help: 'Seconds since the routing table was last replaced.',
      registers: [registry],
      collect() {
        this.reset();
        const { ageSeconds } = health();
        if (ageSeconds !== undefined) this.set(ageSeconds);
      },
    });
    new Gauge({
      name: 'ripcord_routing_model_stale',
      help: 'Models whose part of the latest routing snapshot was refused: they serve their last good entry (or nothing).',
      labelNames: ['model'],
      registers: [registry],
      collect() {
        this.reset();
        for (const f of health().failures) this.set({ model: f.model }, 1);
      },
    });
    new Gauge({
      name: 'ripcord_routing_connected',
      help: '1 while the gateway holds its routing stream to the control plane, 0 while cut off (remote gateways only).',
      registers: [registry],
      collect() {
        this.reset();
        const { connection } = health();
        if (connection) this.set(connection.connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ripcord_routing_disconnected_seconds',
      help: 'Seconds the gateway has been cut off from its control plane (0 while connected; remote gateways only).',
      registers: [registry],
      collect() {
        this.reset();
        const { connection } = health();
        if (!connection) return;
        const since = connection.since;
        this.set(connection.connected || since === undefined ? 0 : (clock.now() - since) / 1000);
      },
    });
    new Counter({
      name: 'ripcord_routing_reconnects_total',
      help: 'Times the routing stream to the control plane was lost and retried (remote gateways only).',
      registers: [registry],
      collect() {
        this.reset();
        const { connection } = health();
        if (connection) this.inc(connection.reconnects);
      },
    });
  }
}
