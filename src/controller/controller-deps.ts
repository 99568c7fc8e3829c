import type { ActionJournal } from '../actions/action-journal.js';
import type { ActionRecord } from '../actions/action-journal.js';
import type { Executor } from '../actions/executors/executor.js';
import type { Decision } from '../analysis/judge.js';
import type { MetricProvider } from '../analysis/providers/metric-provider.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Registry } from '../registry/registry.js';
import type { Release } from '../registry/types.js';
import type { DocumentStore } from '../registry/document-store.js';
import type { Incident } from '../incidents/index.js';
import type { Notifier } from '../notifiers/notifier.js';
import type { InfrastructureRevisionReader } from '../actions/infrastructure-revision.js';
import type { TrafficRouter } from '../traffic/traffic-router.js';
import type { RollbackEvent, RolloutDocument } from './rollout-state.js';
import type { RolloutSpec } from './rollout-spec.js';
import type { WarmUpDeps } from './warm-up/warm-target.js';

/** The subset of a shadow report the shadow gate reads. */
export interface ShadowSummary {
  compared: number;
  agreement: number | null;
  segments: { key: string; value: string; compared: number; agreement: number | null }[];
}

export interface RolloutEvent {
  rollout: string;
  at: number;
  type: 'phase' | 'step' | 'decision' | 'action' | 'alert' | 'incident';
  message: string;
  phase?: string | undefined;
  decision?: Decision | undefined;
  action?: ActionRecord | undefined;
  /** The rollout's rollback, once one is decided (its milestones: breach, decision, traffic restored). */
  rollback?: RollbackEvent | undefined;
}

export interface StoredDecision {
  rollout: string;
  release: string;
  baseline: string;
  phase: string;
  candidateShare: number;
  decision: Decision;
}

/** Everything the controller needs from the outside, as interfaces (no HTTP, no database driver). */
export interface ControllerDeps {
  registry: Registry;
  rollouts: DocumentStore<RolloutDocument>;
  incidents: DocumentStore<Incident>;
  decisions: DocumentStore<StoredDecision>;
  journal: ActionJournal;
  /** Where the judges and the rollback verification read each release's telemetry. */
  metrics: MetricProvider;
  clock: Clock;
  logger: Logger;
  /** Health of a release's backends (the server wires an HTTP GET of its health path). */
  probe(release: Release): Promise<{ ok: boolean; message: string }>;
  /** Warm-up replay and replica counts for `spec.warmUp` (warm-up/warm-target.ts). */
  warmUp?: WarmUpDeps | undefined;
  /** Shadow comparison so far for a model's mirrored release. */
  shadowSummary?(model: string, release: string): ShadowSummary | undefined;
  /** Frozen request/response samples of a release, kept as incident evidence. */
  evidence?(model: string, release: string): unknown;
  /** External executors run after traffic, aliases and flags (webhooks, Kubernetes, ...). */
  externalExecutors?(spec: RolloutSpec): Executor[];
  /** Read-only readers of the revision each infrastructure executor would roll back to (pre-staged rollback). */
  revisionReaders?(spec: RolloutSpec): InfrastructureRevisionReader[];
  /**
   * Brings the data planes to a written traffic policy and confirms they serve it (the gateways,
   * a service mesh, ...). Absent: nothing beyond the registry to move or wait for.
   */
  router?: TrafficRouter;
  /** Who hears of the rollout's incidents and alerts (the rollout's webhooks, Slack, ...). */
  notifiers?(spec: RolloutSpec): Notifier[];
  emit(event: RolloutEvent): void;
}
