/**
 * The control plane's own Prometheus exposition: rollouts by phase, the controller's decisions,
 * rollbacks and how fast they were (breach → decision, breach → traffic restored), tick duration,
 * leadership, and every remote gateway's routing revision and connection state. Counters count
 * what this process did (only the leader decides), so `sum` over control-plane replicas is the
 * fleet's total; gauges describe this process's view.
 */
import { registerWarmTargetGauges } from './warm-target-metrics.js';
import type { WarmTargetStatus } from '../controller/warm-up/keep-warm.js';
import type { Controller } from '../controller/create-controller.js';
import type { RolloutEvent } from '../controller/controller-deps.js';
import { needsReconcile } from '../controller/reconcile-pass.js';
import { PHASES } from '../controller/rollout-state.js';
import { Counter, Gauge, Histogram, Registry } from '../telemetry/prom-classes.js';
import type { RoutingFleet } from '../traffic/gateway/routing-fleet.js';

export interface ControlPlaneMetricsSources {
  /** The controller of this process, when it runs one. */
  controller?: (() => Controller) | undefined;
  /** The gateways this process feeds, when it runs the gateway part. */
  fleet?: (() => RoutingFleet) | undefined;
  /** The fleet's clock (its report times). @default Date.now */
  now?: (() => number) | undefined;
}

export interface ControlPlaneMetrics {
  registry: Registry;
  contentType: string;
  body(): Promise<string>;
  /** Starts listening to the controller's events and ticks. */
  attach(controller: Controller): () => void;
}

/** Seconds from first breach to decision / to traffic restored: seconds to an hour. */
const RECOVERY_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];
const TICK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Gateways name themselves (host and process): bounded so restarts cannot mint series without end. */
const MAX_GATEWAY_SERIES = 256;
const REMEMBERED_DISCONNECTED = 32;
const REMEMBERED_ROLLBACKS = 10_000;

export function controlPlaneMetrics(sources: ControlPlaneMetricsSources): ControlPlaneMetrics {
  const registry = new Registry();
  const decisions = new Counter({
    name: 'ripcord_controller_decisions_total',
    help: 'Decisions this controller recorded, by verdict (every verdict change and every non-MONITOR look).',
    labelNames: ['verdict'],
    registers: [registry],
  });
  const rollbacks = new Counter({
    name: 'ripcord_rollbacks_total',
    help: 'Rollbacks this controller decided, by cause (trigger, manual, abort) and the role of the pulled release.',
    labelNames: ['cause', 'role'],
    registers: [registry],
  });
  const toDecision = new Histogram({
    name: 'ripcord_rollback_decision_seconds',
    help: 'Seconds from the first breach to the rollback decision.',
    buckets: RECOVERY_BUCKETS,
    registers: [registry],
  });
  const toRestored = new Histogram({
    name: 'ripcord_rollback_traffic_restored_seconds',
    help: 'Seconds from the first breach to every gateway serving the rollback target.',
    buckets: RECOVERY_BUCKETS,
    registers: [registry],
  });
  const ticks = new Histogram({
    name: 'ripcord_controller_tick_duration_seconds',
    help: 'Wall-clock seconds of a controller tick (lease, reads, every model reconciled).',
    labelNames: ['leader'],
    buckets: TICK_BUCKETS,
    registers: [registry],
  });
  const lookStride = new Gauge({
    name: 'ripcord_controller_look_stride',
    help: "Ticks between two looks at a rollout's distribution triggers: 1 while ticks fit, more while they overrun.",
    registers: [registry],
  });
  const tickFailures = new Counter({
    name: 'ripcord_controller_tick_failures_total',
    help: 'Controller ticks that ended in an error.',
    registers: [registry],
  });

  new Gauge({
    name: 'ripcord_controller_leader',
    help: '1 while this controller holds the leader lease and acts, 0 while it stands by.',
    registers: [registry],
    collect() {
      this.reset();
      if (sources.controller) this.set(sources.controller().isLeader ? 1 : 0);
    },
  });
  registerRolloutGauges(registry, sources);
  registerGatewayGauges(registry, sources, sources.now ?? Date.now);

  const decided = new RecentIds(REMEMBERED_ROLLBACKS);
  const restored = new RecentIds(REMEMBERED_ROLLBACKS);
  const onEvent = (event: RolloutEvent): void => {
    if (event.type === 'decision' && event.decision) decisions.inc({ verdict: event.decision.verdict });
    const rb = event.rollback;
    if (!rb) return;
    if (decided.add(rb.eventId)) {
      const cause = rb.trigger === 'manual' || rb.trigger === 'abort' ? rb.trigger : 'trigger';
      rollbacks.inc({ cause, role: rb.role });
      toDecision.observe(Math.max(0, rb.decidedAt - rb.firstBreachAt) / 1000);
    }
    if (rb.trafficRestoredAt !== undefined && restored.add(rb.eventId))
      toRestored.observe(Math.max(0, rb.trafficRestoredAt - rb.firstBreachAt) / 1000);
  };

  return {
    registry,
    contentType: registry.contentType,
    body: () => registry.metrics(),
    attach(controller) {
      const unsubscribe = controller.subscribe(onEvent);
      const unTick = controller.onTick((tick) => {
        ticks.observe({ leader: tick.leader ? 'true' : 'false' }, tick.durationMs / 1000);
        if (tick.failed) tickFailures.inc();
        lookStride.set(tick.lookStride);
      });
      return () => {
        unsubscribe();
        unTick();
      };
    },
  };
}

function registerRolloutGauges(registry: Registry, sources: ControlPlaneMetricsSources): void {
  // Both read the rollout documents once per scrape; the second waits on the first's read.
  let read:
    | Promise<
        { name: string; model: string; phase: string; live: boolean; warm: WarmTargetStatus | undefined }[]
      >
    | undefined;
  const rollouts = () =>
    (read ??= (async () => {
      const controller = sources.controller?.();
      if (!controller) return [];
      const docs = await controller.deps.rollouts.list();
      return docs.map((d) => ({
        name: d.id,
        model: d.body.spec.model,
        phase: d.body.status.phase,
        live: needsReconcile(d.body),
        warm: d.body.status.warmTarget,
      }));
    })().finally(() => setTimeout(() => (read = undefined), 0)));

  new Gauge({
    name: 'ripcord_rollouts',
    help: 'Rollouts in the store by phase.',
    labelNames: ['phase'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources.controller) return;
      const counts = new Map<string, number>(PHASES.map((p) => [p, 0]));
      for (const r of await rollouts()) counts.set(r.phase, (counts.get(r.phase) ?? 0) + 1);
      for (const [phase, n] of counts) this.set({ phase }, n);
    },
  });
  new Gauge({
    name: 'ripcord_rollout_phase',
    help: 'Phase of every rollout still watched (1 for its phase, 0 for the others).',
    labelNames: ['rollout', 'model', 'phase'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await rollouts()) {
        if (!r.live) continue;
        for (const phase of PHASES)
          this.set({ rollout: r.name, model: r.model, phase }, phase === r.phase ? 1 : 0);
      }
    },
  });
  registerWarmTargetGauges(registry, rollouts);
}

function registerGatewayGauges(
  registry: Registry,
  sources: ControlPlaneMetricsSources,
  clock: () => number,
): void {
  const gone = new Map<string, true>();
  const seen = new Set<string>();
  const members = () => {
    const fleet = sources.fleet?.();
    if (!fleet) return [];
    const out = fleet
      .members()
      .filter((m) => m.kind === 'remote')
      .map((m, i) => ({ ...m, label: i < MAX_GATEWAY_SERIES ? m.name.slice(0, 64) : 'other' }));
    const now = new Set(out.map((m) => m.label));
    for (const name of seen) {
      if (now.has(name)) continue;
      gone.delete(name);
      gone.set(name, true);
      if (gone.size > REMEMBERED_DISCONNECTED) gone.delete(gone.keys().next().value!);
    }
    seen.clear();
    for (const name of now) {
      seen.add(name);
      gone.delete(name);
    }
    return out;
  };
  let last: ReturnType<typeof members> = [];

  new Gauge({
    name: 'ripcord_gateway_connected',
    help: 'Remote gateways: 1 while the gateway holds its routing stream, 0 for one recently gone.',
    labelNames: ['gateway'],
    registers: [registry],
    collect() {
      this.reset();
      last = members();
      for (const m of last) this.set({ gateway: m.label }, 1);
      for (const name of gone.keys()) this.set({ gateway: name }, 0);
    },
  });
  new Gauge({
    name: 'ripcord_gateway_routing_revision',
    help: 'Routing snapshot revision each connected remote gateway last reported serving.',
    labelNames: ['gateway'],
    registers: [registry],
    collect() {
      this.reset();
      for (const m of last)
        if (m.report?.revision !== undefined) this.set({ gateway: m.label }, m.report.revision);
    },
  });
  new Gauge({
    name: 'ripcord_gateway_refused_models',
    help: 'Models whose routing the remote gateway refused in its last report (it serves their last good entry).',
    labelNames: ['gateway'],
    registers: [registry],
    collect() {
      this.reset();
      for (const m of last) if (m.report) this.set({ gateway: m.label }, m.report.failures.length);
    },
  });
  new Gauge({
    name: 'ripcord_gateway_report_age_seconds',
    help: 'Seconds since each connected remote gateway last reported what it serves.',
    labelNames: ['gateway'],
    registers: [registry],
    collect() {
      this.reset();
      const now = clock();
      for (const m of last)
        if (m.reportedAt !== undefined)
          this.set({ gateway: m.label }, Math.max(0, now - m.reportedAt) / 1000);
    },
  });
}

/** Remembers the last `capacity` ids; `add` is true the first time an id is seen. */
class RecentIds {
  readonly #ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) this.#ids.delete(this.#ids.values().next().value!);
    return true;
  }
}
