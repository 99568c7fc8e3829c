/**
 * A rollout's own Prometheus source (`spec.analysis.provider.prometheus`) and the label
 * convention it reads. By default the names are the ones ripcord's gateways export
 * (docs/telemetry.md); a mesh that routes the traffic itself (Istio, Gateway API) names its own
 * request counter, duration histogram and labels, and the same always-valid judges read them:
 *
 *   requests: istio_requests_total             (counter, one series per outcome or status code)
 *   durationBuckets: istio_request_duration_milliseconds_bucket
 *   durationUnit: milliseconds
 *   labels: { model: destination_service_name, release: destination_version }
 *   statusCodeLabel: response_code             (5xx → server error, 4xx → client error)
 */
import { z } from 'zod';

import type { OutcomeCounts } from '../../../telemetry/types.js';

const labelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name, e.g. destination_version');
const metricName = z
  .string()
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a Prometheus metric name, e.g. istio_requests_total');

export const PrometheusConventionSchema = z
  .object({
    /** Request counter. @default ripcord_requests_total */
    requests: metricName.optional(),
    /** Request duration histogram's `_bucket` series. @default ripcord_request_duration_seconds_bucket */
    durationBuckets: metricName.optional(),
    /** Unit of the histogram's `le` bounds. @default seconds */
    durationUnit: z.enum(['seconds', 'milliseconds']).optional(),
    /** Which labels name the model and the release. @default { model: model, release: release } */
    labels: z.object({ model: labelName.optional(), release: labelName.optional() }).strict().optional(),
    /** Label holding ripcord's outcome (ok, serverError, timeout…). @default outcome */
    outcomeLabel: labelName.optional(),
    /** Label holding an HTTP status code instead (Istio's response_code); wins over outcomeLabel. */
    statusCodeLabel: labelName.optional(),
  })
  .strict();
export type PrometheusConvention = z.infer<typeof PrometheusConventionSchema>;

export const PrometheusSourceSchema = z
  .object({
    /** Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090 */
    address: z.string().url(),
    /** Environment variable of the control plane holding a bearer token (never the token itself). */
    bearerTokenEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable, e.g. PROMETHEUS_TOKEN')
      .optional(),
    /** Label matchers added to every query, e.g. { namespace: shop }. */
    selector: z.record(labelName, z.string()).optional(),
  })
  .extend(PrometheusConventionSchema.shape)
  .strict();
export type PrometheusSource = z.infer<typeof PrometheusSourceSchema>;

/** The convention with its defaults filled in. */
export interface ResolvedConvention {
  requests: string;
  durationBuckets: string;
  /** Multiplies an `le` bound into milliseconds. */
  bucketToMs: number;
  modelLabel: string;
  releaseLabel: string;
  outcomeLabel: string;
  statusCodeLabel: string | undefined;
}

export function resolveConvention(convention: PrometheusConvention = {}): ResolvedConvention {
  return {
    requests: convention.requests ?? 'ripcord_requests_total',
    durationBuckets: convention.durationBuckets ?? 'ripcord_request_duration_seconds_bucket',
    bucketToMs: convention.durationUnit === 'milliseconds' ? 1 : 1000,
    modelLabel: convention.labels?.model ?? 'model',
    releaseLabel: convention.labels?.release ?? 'release',
    outcomeLabel: convention.outcomeLabel ?? 'outcome',
    statusCodeLabel: convention.statusCodeLabel,
  };
}

/** A request series' outcome from its labels; undefined when it names none ripcord counts. */
export function outcomeOf(
  convention: ResolvedConvention,
  labels: Record<string, string>,
): keyof OutcomeCounts | undefined {
  if (convention.statusCodeLabel === undefined) {
    const outcome = labels[convention.outcomeLabel];
    return outcome !== undefined && outcome in OUTCOME_NAMES ? (outcome as keyof OutcomeCounts) : undefined;
  }
  const code = Number(labels[convention.statusCodeLabel]);
  if (!Number.isInteger(code) || code <= 0) return 'connectionError';
  if (code >= 500) return 'serverError';
  if (code >= 400) return 'clientError';
  return 'ok';
}

const OUTCOME_NAMES: Record<keyof OutcomeCounts, true> = {
  ok: true,
  clientError: true,
  serverError: true,
  timeout: true,
  connectionError: true,
  invalidResponse: true,
};
