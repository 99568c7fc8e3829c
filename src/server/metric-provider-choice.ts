/**
 * Which MetricProvider the controller judges from: ripcord's own gateways' buckets (`telemetry`,
 * the default) or Prometheus, chosen by the environment of the control plane:
 *
 *   RIPCORD_METRICS_PROVIDER=prometheus
 *   RIPCORD_PROMETHEUS_URL=http://prometheus:9090
 *   RIPCORD_PROMETHEUS_TOKEN=…              (optional bearer token)
 *   RIPCORD_PROMETHEUS_SELECTOR=job=ripcord,env=prod   (optional label matchers on every query)
 */
import { prometheusProvider } from '../analysis/providers/prometheus/prometheus-provider.js';
import type { MetricProvider } from '../analysis/providers/metric-provider.js';
import { telemetryProvider } from '../analysis/providers/telemetry/telemetry-provider.js';
import { ValidationError } from '../core/errors.js';
import type { TelemetryReader } from '../telemetry/types.js';

export function metricProviderFromEnv(
  env: Record<string, string | undefined>,
  telemetry: TelemetryReader,
): MetricProvider {
  const choice = env['RIPCORD_METRICS_PROVIDER'] ?? 'telemetry';
  if (choice === 'telemetry') return telemetryProvider(telemetry);
  if (choice !== 'prometheus')
    throw new ValidationError(
      'RIPCORD_METRICS_PROVIDER',
      `RIPCORD_METRICS_PROVIDER: "${choice}" is not a provider; use telemetry (the default) or prometheus`,
    );
  const address = env['RIPCORD_PROMETHEUS_URL'];
  if (!address || !/^https?:\/\//.test(address))
    throw new ValidationError(
      'RIPCORD_PROMETHEUS_URL',
      'RIPCORD_PROMETHEUS_URL: give the Prometheus base URL, e.g. http://prometheus:9090, when RIPCORD_METRICS_PROVIDER=prometheus',
    );
  return prometheusProvider({
    address,
    bearerToken: env['RIPCORD_PROMETHEUS_TOKEN'] || undefined,
    selector: parseSelector(env['RIPCORD_PROMETHEUS_SELECTOR']),
  });
}

function parseSelector(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)=(.*)$/.exec(part);
    if (!match)
      throw new ValidationError(
        'RIPCORD_PROMETHEUS_SELECTOR',
        `RIPCORD_PROMETHEUS_SELECTOR: "${part}" is not label=value; write e.g. job=ripcord,env=prod`,
      );
    out[match[1]!] = match[2]!.trim();
  }
  return out;
}
