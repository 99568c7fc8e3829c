/**
 * The gateways a control plane feeds, and what each of them serves: the in-process gateway (read
 * directly) and every remote gateway holding a routing stream (each reports after it applies a
 * snapshot). A traffic change waits here until every connected gateway serves the written policy
 * revision, so "traffic moved" means users moved.
 */
import { randomBytes } from 'node:crypto';

import { TrafficNotAppliedError } from '../traffic-router.js';

/** What a gateway says it serves. */
export interface GatewayRoutingReport {
  revision: number | undefined;
  /** Traffic policy revision served per model. */
  policies: Record<string, number>;
  /** Models whose part of the latest snapshot the gateway refused. */
  failures: { model: string; field: string; message: string }[];
  lastError?: string | undefined;
}

export interface FleetMember {
  id: string;
  kind: 'in-process' | 'remote';
  /** What the gateway calls itself (host and process). */
  name: string;
  /** Epoch ms the member joined (connected its stream). */
  connectedAt: number;
  /** Epoch ms of its last report (in-process: always now). */
  reportedAt: number | undefined;
  report: GatewayRoutingReport | undefined;
}

/** Thrown when a routing change does not reach every connected gateway in time (or the wait is aborted). */
export class RoutingNotAppliedError extends TrafficNotAppliedError {}

interface Member {
  id: string;
  kind: FleetMember['kind'];
  name: string;
  connectedAt: number;
  reportedAt: number | undefined;
  report: GatewayRoutingReport | undefined;
  read?: () => GatewayRoutingReport;
  /** For the in-process gateway: one model's served revision without building a whole report. */
  model?: (model: string) => ModelServed;
}

/** What a gateway serves for one model. */
export interface ModelServed {
  /** Traffic policy revision served; undefined when none. */
  revision: number | undefined;
  /** Why the model's latest part was refused, if it was. */
  refused: string | undefined;
}

export class RoutingFleet {
  readonly #members = new Map<string, Member>();
  readonly #waiters = new Set<() => void>();

  constructor(
    private readonly now: () => number = Date.now,
    /** How long a change may take to reach every gateway. @default 10000 */
    private readonly timeoutMs = 10_000,
  ) {}

  /** The in-process gateway: its state is read, not reported. */
  addLocal(read: () => GatewayRoutingReport, model: (model: string) => ModelServed): string {
    const id = 'in-process';
    this.#members.set(id, {
      id,
      kind: 'in-process',
      name: 'in-process',
      connectedAt: this.now(),
      reportedAt: undefined,
      report: undefined,
      read,
      model,
    });
    return id;
  }

  /** A remote gateway opened its stream; the id (unguessable) is how its reports find it. */
  connect(name: string): string {
    const id = `gw_${randomBytes(12).toString('base64url')}`;
    this.#members.set(id, {
      id,
      kind: 'remote',
      name: name.slice(0, 200),
      connectedAt: this.now(),
      reportedAt: undefined,
      report: undefined,
    });
    return id;
  }

  /** The stream closed: the gateway no longer receives changes, so nothing waits for it. */
  disconnect(id: string): void {
    this.#members.delete(id);
    this.changed();
  }

  /** Records what a remote gateway serves; false when no stream with that id is open here. */
  report(id: string, report: GatewayRoutingReport): boolean {
    const member = this.#members.get(id);
    if (!member || member.kind !== 'remote') return false;
    member.report = report;
    member.reportedAt = this.now();
    this.changed();
    return true;
  }

  /** Wakes waiters: the in-process gateway swapped its table, or a report arrived. */
  changed(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  members(): FleetMember[] {
    return [...this.#members.values()].map((m) => ({
      id: m.id,
      kind: m.kind,
      name: m.name,
      connectedAt: m.connectedAt,
      reportedAt: m.read ? this.now() : m.reportedAt,
      report: m.read ? m.read() : m.report,
    }));
  }

  /** Why gateways do not yet serve `model` at `revision` or later; empty when every one does. */
  lagging(model: string, revision: number): string[] {
    const problems: string[] = [];
    for (const member of this.#members.values()) {
      const served: ModelServed = member.model
        ? member.model(model)
        : {
            revision: member.report?.policies[model],
            refused: member.report?.failures.find((f) => f.model === model)?.message,
          };
      if (served.revision !== undefined && served.revision >= revision) continue;
      problems.push(
        `gateway ${member.name} serves ${served.revision === undefined ? 'no policy' : `revision ${served.revision}`}` +
          (served.refused
            ? ` (refused: ${served.refused})`
            : member.model || member.report
              ? ''
              : ' (no report yet)'),
      );
    }
    return problems;
  }

  /**
   * Resolves once every connected gateway serves `model`'s traffic policy at `revision` or later;
   * throws a RoutingNotAppliedError naming the laggards after the timeout or when `signal` aborts.
   */
  async awaitApplied(model: string, revision: number, signal?: AbortSignal): Promise<void> {
    if (this.lagging(model, revision).length === 0) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.#waiters.delete(check);
        signal?.removeEventListener('abort', aborted);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (this.lagging(model, revision).length === 0) done();
      };
      const aborted = (): void => {
        const lagging = this.lagging(model, revision);
        done(
          new RoutingNotAppliedError(
            `traffic policy of ${model} (revision ${revision}) not yet applied by every gateway when the wait ` +
              `was cancelled: ${lagging.join('; ')}`,
            { model, revision, lagging, aborted: true },
          ),
        );
      };
      const timer = setTimeout(() => {
        const lagging = this.lagging(model, revision);
        if (lagging.length === 0) return done();
        done(
          new RoutingNotAppliedError(
            `traffic policy of ${model} (revision ${revision}) not applied by every gateway within ` +
              `${this.timeoutMs} ms: ${lagging.join('; ')}; fix the refused routing or take the gateway out of rotation`,
            { model, revision, lagging },
          ),
        );
      }, this.timeoutMs);
      // The in-process gateway swaps its table without a report: look again now and then.
      const poll = setInterval(check, 50);
      this.#waiters.add(check);
      signal?.addEventListener('abort', aborted, { once: true });
      if (signal?.aborted) aborted();
    });
  }
}
