/**
 * The contracts a warm-up check reads through, so the controller imports no HTTP or Kubernetes
 * client: a replayer that sends warm-up inference requests to a release's backends, and a
 * readiness reader that counts a workload's ready replicas.
 */
import type { Release } from '../../registry/types.js';
import type { WarmUpExample, WarmUpWorkload } from './warm-up-spec.js';

/** Where the replayed requests came from; `examples` says why sampled traffic was not used. */
export interface WarmUpSource {
  kind: 'sampled' | 'examples';
  /** Why sampled traffic was not replayed (none sampled, bodies redacted, turned off). */
  note?: string | undefined;
}

export interface WarmUpReplay {
  source: WarmUpSource;
  /** Latency in ms of every request that answered 2xx. */
  latenciesMs: number[];
  /** One line per failed request (status or error), at most a few. */
  failures: string[];
  sent: number;
}

export interface WarmUpReplayer {
  /**
   * Sends `requests` inference requests to the release's backends (round-robin): its own
   * sampled requests when `fromSampledTraffic` and any can be replayed whole, else `examples`.
   * Throws a ValidationError when there is nothing to send.
   */
  replay(
    release: Release,
    options: { requests: number; fromSampledTraffic: boolean; examples: readonly WarmUpExample[] },
  ): Promise<WarmUpReplay>;
}

export interface WorkloadReadiness {
  workload: string;
  /** Ready replicas; null when the workload reports no count (an InferenceService: its Ready condition stands for it). */
  ready: number | null;
  desired: number | null;
  /** False when the workload reports itself not ready (e.g. an InferenceService's Ready condition). */
  readyCondition: boolean;
  message: string;
}

export interface WorkloadReadinessReader {
  read(workload: WarmUpWorkload): Promise<WorkloadReadiness>;
}

/** The warm-up dependencies the controller receives (ControllerDeps.warmUp). */
export interface WarmUpDeps {
  replayer: WarmUpReplayer;
  /** Absent where no cluster is configured: `minReadyReplicas` then refuses with a clear error. */
  readiness?: WorkloadReadinessReader | undefined;
}
