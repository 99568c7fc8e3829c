/**
 * The traffic a model gets, read from its recent telemetry: what a detection plan needs to know
 * (requests per second, latency shape, error rate, each KPI's feedback rate and mean).
 */
import type { MetricProvider } from '../../analysis/providers/metric-provider.js';
import type { Registry } from '../../registry/registry.js';
import { serverSideFailures } from '../../telemetry/types.js';

export interface ObservedTraffic {
  model: string;
  /** Span read, ms, ending now. */
  overMs: number;
  requestsPerSecond: number;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Per KPI: events per request and mean. */
  kpis: Record<string, { perRequest: number; mean: number }>;
}

export async function readModelTraffic(
  deps: { registry: Registry; metrics: MetricProvider },
  model: string,
  overMs: number,
  now: number,
): Promise<ObservedTraffic> {
  const policy = await deps.registry.getTrafficPolicy(model);
  const production = policy
    ? undefined
    : await deps.registry.getAlias(model, 'production').catch(() => undefined);
  const releases = policy
    ? [policy.stable, ...policy.weights.map((w) => w.release)]
    : production
      ? [production.release]
      : [];
  const windows = await Promise.all(
    releases.map((release) => deps.metrics.window({ model, release, from: now - overMs, to: now })),
  );
  const requests = windows.reduce((n, w) => n + w.requests, 0);
  const errors = windows.reduce((n, w) => n + serverSideFailures(w.outcomes), 0);
  // The stable release's latency is the shape the candidate is compared with.
  const stable = windows[0];
  const quantile = (q: number): number | null =>
    stable && stable.requests > 0 ? stable.latency.getValueAtQuantile(q) : null;
  const kpis: ObservedTraffic['kpis'] = {};
  for (const w of windows)
    for (const [name, m] of Object.entries(w.kpis)) {
      const k = (kpis[name] ??= { perRequest: 0, mean: 0 });
      k.perRequest += m.n;
      k.mean += m.sum;
    }
  for (const k of Object.values(kpis)) {
    k.mean = k.perRequest > 0 ? k.mean / k.perRequest : 0;
    k.perRequest = requests > 0 ? k.perRequest / requests : 0;
  }
  return {
    model,
    overMs,
    requestsPerSecond: requests / (overMs / 1000),
    errorRate: requests > 0 ? errors / requests : null,
    latencyP50Ms: quantile(0.5),
    latencyP95Ms: quantile(0.95),
    kpis,
  };
}
