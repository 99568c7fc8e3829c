/**
 * The controller wired to a ripcord store: its documents and action journal in the store's
 * tables, leadership by the store's advisory lock when several processes may share it, health by
 * HTTP probe, the rollout's webhooks as its external executors. Every part can be
 * overridden (tests, drills, benchmarks).
 */
import { drillExecutors } from '../operations/drill/dry-run-executors.js';
import type { Executor } from '../actions/executors/executor.js';
import type { MetricProvider } from '../analysis/providers/metric-provider.js';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { createController } from '../controller/create-controller.js';
import type { Controller, ControllerSettings } from '../controller/create-controller.js';
import type { ControllerDeps, ShadowSummary, StoredDecision } from '../controller/controller-deps.js';
import type { RolloutDocument } from '../controller/rollout-state.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import type { Incident } from '../incidents/index.js';
import { advisoryLockLease, leaderLockKey } from '../leases/advisory-lock/advisory-lock-lease.js';
import type { LeaderLease } from '../leases/leader-lease.js';
import { singleLease } from '../leases/single/single-lease.js';
import type { Registry } from '../registry/registry.js';
import { documentStore } from '../store/document-store.js';
import type { Store } from '../store/index.js';
import { storeActionJournal } from '../store/store-action-journal.js';
import type { TelemetryReader } from '../telemetry/types.js';
import { storeShardLeases } from './fleet-shards.js';
import { probeRelease } from './release-probe.js';
import { httpWarmUpReplayer } from './warm-up-replay.js';
import { kubeWorkloadReadiness } from '../kubernetes/workload-readiness.js';
import type { Sample } from '../telemetry/sample-store.js';
import { metricProviderFromEnv } from './metric-provider-choice.js';
import { rolloutExternalExecutors, sharedKubeClient } from './external-executors.js';
import { rolloutRevisionReaders } from './revision-readers.js';

export interface StoreControllerOptions extends ControllerSettings {
  store: Store;
  registry: Registry;
  telemetry: TelemetryReader;
  /** Where the judges read: @default chosen by RIPCORD_METRICS_PROVIDER (the gateways' telemetry, or Prometheus) */
  metrics?: MetricProvider | undefined;
  /** @default systemClock */
  clock?: Clock | undefined;
  /** @default silentLogger */
  logger?: Logger | undefined;
  /** @default the store's advisory lock when it has one (PostgreSQL), else the single lease */
  lease?: LeaderLease | undefined;
  /**
   * Share the models among every controller of the store, in this many shards (PostgreSQL only;
   * server/fleet-shards.ts). Undefined: one leader acts on every model.
   */
  shards?: number | undefined;
  /** @default an HTTP GET of the release's health path on every backend */
  probe?: ControllerDeps['probe'] | undefined;
  /** @default replay of `samples` over HTTP, replicas counted in the default cluster (warm-up-replay.ts) */
  warmUp?: ControllerDeps['warmUp'] | undefined;
  /** A release's sampled request/response pairs, replayed to warm it up (the gateway's sample store). */
  samples?: ((model: string, release: string) => readonly Sample[]) | undefined;
  shadowSummary?: ((model: string, release: string) => ShadowSummary | undefined) | undefined;
  evidence?: ((model: string, release: string) => unknown) | undefined;
  /** @default the rollout's webhooks and `spec.executors` (server/external-executors.ts) */
  externalExecutors?: ((spec: RolloutSpec) => Executor[]) | undefined;
  /** @default readers for the rollout's infrastructure executors (server/revision-readers.ts) */
  revisionReaders?: ControllerDeps['revisionReaders'] | undefined;
  /** Moves the data planes to a written traffic policy and confirms it (ControllerDeps.router). */
  router?: ControllerDeps['router'] | undefined;
  /** Told of incidents and alerts (ControllerDeps.notifiers); the control plane wires the rollout's webhooks. */
  notifiers?: ControllerDeps['notifiers'] | undefined;
}

export function createStoreController(options: StoreControllerOptions): Controller {
  const { store } = options;
  return createController(
    {
      registry: options.registry,
      rollouts: documentStore<RolloutDocument>(store, 'rollout'),
      incidents: documentStore<Incident>(store, 'incident'),
      decisions: documentStore<StoredDecision>(store, 'decision'),
      journal: storeActionJournal(store),
      lease: options.lease ?? storeLease(store),
      shards: options.shards === undefined ? undefined : storeShardLeases(store, options.shards),
      metrics: options.metrics ?? metricProviderFromEnv(process.env, options.telemetry),
      clock: options.clock ?? systemClock,
      logger: options.logger ?? silentLogger,
      probe: options.probe ?? ((release) => probeRelease(release)),
      warmUp: options.warmUp ?? {
        replayer: httpWarmUpReplayer({ samples: options.samples ?? (() => []) }),
        readiness: kubeWorkloadReadiness(sharedKubeClient(process.env)),
      },
      shadowSummary: options.shadowSummary,
      evidence: options.evidence,
      // A drill's external steps only plan, unless the drill was told to run them.
      externalExecutors: (spec) =>
        drillExecutors(
          spec.drill,
          options.externalExecutors?.(spec) ??
            rolloutExternalExecutors(spec, { registry: options.registry, env: process.env }),
        ),
      revisionReaders: (spec) =>
        options.revisionReaders?.(spec) ?? rolloutRevisionReaders(spec, { env: process.env }),
      router: options.router,
      notifiers: options.notifiers,
    },
    {
      tickMs: options.tickMs,
      checkpointMs: options.checkpointMs,
      reconcileConcurrency: options.reconcileConcurrency,
      maxLookStride: options.maxLookStride,
    },
  );
}

/** Several processes may share a PostgreSQL store (one schema), so its controllers compete; SQLite has one. */
function storeLease(store: Store): LeaderLease {
  if (!store.capabilities.advisoryLocks) return singleLease();
  return advisoryLockLease(store.dialect, { key: leaderLockKey(store.dialect.migrationSchema) });
}
