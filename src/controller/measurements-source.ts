/**
 * Where a rollout's triggers read from: its own Prometheus (`spec.analysis.provider.prometheus`)
 * when it names one, else the control plane's provider (RIPCORD_METRICS_PROVIDER). The bearer
 * token is read from the environment variable the spec names, at each read, never stored.
 */
import type { MetricProvider } from '../analysis/providers/metric-provider.js';
import { prometheusProvider } from '../analysis/providers/prometheus/prometheus-provider.js';
import type { PrometheusSource } from '../analysis/providers/prometheus/prometheus-source.js';
import type { RolloutSpec } from './rollout-spec.js';

/** One provider per distinct source, shared by the rollouts that name it. */
const providers = new Map<string, MetricProvider>();
const MAX_PROVIDERS = 256;

export function metricsFor(
  spec: RolloutSpec,
  fallback: MetricProvider,
  env: Record<string, string | undefined> = process.env,
): MetricProvider {
  const source = spec.analysis.provider?.prometheus;
  if (!source) return fallback;
  const token = source.bearerTokenEnv === undefined ? undefined : env[source.bearerTokenEnv] || undefined;
  // The token is part of the key so a rotated one takes effect; it stays in memory, as in the env.
  const key = JSON.stringify([source, token]);
  let provider = providers.get(key);
  if (!provider) {
    if (providers.size >= MAX_PROVIDERS) providers.delete(providers.keys().next().value!);
    provider = providerOf(source, token);
    providers.set(key, provider);
  }
  return provider;
}

function providerOf(source: PrometheusSource, bearerToken: string | undefined): MetricProvider {
  const { address, selector, bearerTokenEnv: _env, ...convention } = source;
  return prometheusProvider({ address, bearerToken, selector, convention });
}
