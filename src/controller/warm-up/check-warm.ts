/**
 * One warm-up check of a release: replay inference requests to it, compare their p95 with the
 * release's own p95 over its recent telemetry (× latencyFactor), and count the ready replicas
 * of its Kubernetes workload. Pure decision over the contracts in warm-target.ts.
 */
import { ValidationError } from '../../core/errors.js';
import type { Release } from '../../registry/types.js';
import type { MetricProvider } from '../../analysis/providers/metric-provider.js';
import { metricsFor } from '../measurements-source.js';
import type { RolloutSpec } from '../rollout-spec.js';
import { ms } from '../rollout-spec.js';
import type { WarmUpDeps, WarmUpSource, WorkloadReadiness } from './warm-target.js';
import type { WarmUpSpec, WarmUpWorkload } from './warm-up-spec.js';

/** What one check measured; kept on the rollout's status and exported as a metric. */
export interface WarmReading {
  release: string;
  at: number;
  warm: boolean;
  source: WarmUpSource;
  sent: number;
  failed: number;
  /** p95 of the warm-up's answered requests, ms; null when none answered. */
  p95Ms: number | null;
  /** The release's own p95 over `baselineWindow`, ms; null when it served nothing in it. */
  baselineP95Ms: number | null;
  /** baseline × latencyFactor, ms; null without a baseline (latency then not judged). */
  limitMs: number | null;
  replicas: WorkloadReadiness[];
  message: string;
}

/** The workloads whose replicas are counted: the named one, else the rollout's Kubernetes steps. */
export function warmUpWorkloads(spec: RolloutSpec): WarmUpWorkload[] {
  if (spec.warmUp?.workload) return [spec.warmUp.workload];
  const workloads: WarmUpWorkload[] = [];
  for (const step of spec.executors) {
    if (step.kind === 'kubernetes-deployment')
      workloads.push({ kind: 'Deployment', name: step.deployment, namespace: step.namespace });
    else if (step.kind === 'kserve')
      workloads.push({ kind: 'InferenceService', name: step.inferenceService, namespace: step.namespace });
  }
  return workloads;
}

/** The nearest-rank p95 of a list of latencies. */
export function p95(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? null;
}

/** The release's own p95 over the window, or why there is none (nothing served, or unreadable). */
async function baselineP95(
  metrics: MetricProvider,
  release: Release,
  windowMs: number,
  now: number,
): Promise<{ p95: number | null; missing: string }> {
  try {
    const window = await metrics.window({
      model: release.model,
      release: release.name,
      from: now - windowMs,
      to: now,
    });
    if (window.requests === 0 || window.latency.count === 0)
      return { p95: null, missing: 'it served nothing' };
    return { p95: window.latency.getValueAtQuantile(0.95) ?? null, missing: 'it served nothing' };
  } catch (error) {
    // An unreadable baseline is the same as none: latency is then not judged, and the reading says why.
    return { p95: null, missing: `its telemetry could not be read (${(error as Error).message})` };
  }
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/**
 * Checks `release` as the rollback target of `rollout` (its `warmUp` settings, its workloads, and
 * its own metric source for the latency baseline: a rollout judged from its Prometheus is warmed
 * against the latency Prometheus saw, not the control plane's gateway telemetry).
 */
export async function checkWarm(
  deps: { warmUp?: WarmUpDeps | undefined; metrics: MetricProvider },
  release: Release,
  rollout: RolloutSpec & { warmUp: WarmUpSpec },
  now: number,
): Promise<WarmReading> {
  const spec = rollout.warmUp;
  const workloads = warmUpWorkloads(rollout);
  if (!deps.warmUp)
    throw new ValidationError('warmUp', 'warmUp: this control plane has no warm-up replayer configured');
  const problems: string[] = [];
  const replicas: WorkloadReadiness[] = [];
  if (spec.minReadyReplicas !== undefined) {
    const reader = deps.warmUp.readiness;
    if (!reader)
      throw new ValidationError(
        'warmUp.minReadyReplicas',
        'warmUp.minReadyReplicas: no Kubernetes cluster is configured to count replicas; point ripcord at one (KUBECONFIG) or drop minReadyReplicas',
      );
    if (workloads.length === 0)
      throw new ValidationError(
        'warmUp.minReadyReplicas',
        'warmUp.minReadyReplicas: no workload to count; name one in warmUp.workload or add a kubernetes-deployment or kserve executor',
      );
    for (const workload of workloads) {
      try {
        const reading = await reader.read(workload);
        replicas.push(reading);
        if (!reading.readyCondition) problems.push(`${reading.workload} is not ready (${reading.message})`);
        else if (reading.ready !== null && reading.ready < spec.minReadyReplicas)
          problems.push(
            `${reading.workload} has ${reading.ready} ready replica(s), fewer than ${spec.minReadyReplicas}`,
          );
      } catch (error) {
        problems.push(`${workload.kind} ${workload.name} could not be read (${(error as Error).message})`);
      }
    }
  }
  const replay = await deps.warmUp.replayer.replay(release, spec);
  const observed = p95(replay.latenciesMs);
  const { p95: baseline, missing } = await baselineP95(
    metricsFor(rollout, deps.metrics),
    release,
    ms(spec.baselineWindow),
    now,
  );
  const limit = baseline === null ? null : baseline * spec.latencyFactor;
  const failed = replay.sent - replay.latenciesMs.length;
  if (failed > 0)
    problems.push(
      `${failed} of ${replay.sent} warm-up request(s) failed (${replay.failures.slice(0, 3).join('; ')})`,
    );
  if (observed !== null && limit !== null && observed > limit)
    problems.push(
      `warm-up p95 ${observed.toFixed(1)} ms is over ${limit.toFixed(1)} ms (its own p95 ${baseline!.toFixed(1)} ms × ${spec.latencyFactor})`,
    );
  const from =
    replay.source.kind === 'sampled'
      ? 'its sampled traffic'
      : `recorded examples${replay.source.note ? ` (${replay.source.note})` : ''}`;
  const latency =
    observed === null
      ? 'no answer'
      : limit === null
        ? `p95 ${observed.toFixed(1)} ms (no latency baseline: ${missing} in the last ${spec.baselineWindow})`
        : `p95 ${observed.toFixed(1)} ms ≤ ${limit.toFixed(1)} ms`;
  const replicaText = replicas
    .map((r) => `${r.workload} ${r.ready ?? '?'}/${r.desired ?? '?'} ready`)
    .join(', ');
  const message =
    problems.length > 0
      ? problems.join('; ')
      : `${replay.sent} warm-up request(s) from ${from} answered, ${latency}${replicaText ? `; ${replicaText}` : ''}`;
  return {
    release: release.name,
    at: now,
    warm: problems.length === 0,
    source: replay.source,
    sent: replay.sent,
    failed,
    p95Ms: round(observed),
    baselineP95Ms: round(baseline),
    limitMs: round(limit),
    replicas,
    message,
  };
}
