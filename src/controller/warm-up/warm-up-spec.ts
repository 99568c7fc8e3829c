/**
 * `spec.warmUp`: how warm the rollback target must be before a rollout starts, and how long it
 * is kept warm (and measured) after promotion. Warm means it answers replayed inference
 * requests within its own latency baseline, not only its health path, and on Kubernetes that
 * its workload has enough ready replicas.
 */
import { z } from 'zod';
import { isDuration } from '../../core/duration.js';

const duration = z.string().refine(isDuration, { message: 'write a duration such as 30s, 5m or 1h30m' });
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** A Kubernetes workload whose ready replicas are counted (default: the rollout's kubernetes-deployment / kserve steps). */
export const WarmUpWorkloadSchema = z
  .object({
    kind: z.enum(['Deployment', 'InferenceService']),
    name: z.string().regex(K8S_NAME, 'name: a Kubernetes object name (lowercase, digits, "-", ".")'),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace: a Kubernetes namespace name')
      .optional(),
  })
  .strict();
export type WarmUpWorkload = z.infer<typeof WarmUpWorkloadSchema>;

/** An inference request recorded for warm-ups when no sampled traffic can be replayed. */
export const WarmUpExampleSchema = z
  .object({
    /** The public model path, as clients call the gateway (e.g. `/v1/models/recsys:predict`). */
    path: z.string().startsWith('/', 'path: the public model path, starting with "/"'),
    method: z.enum(['POST', 'GET', 'PUT']).default('POST'),
    body: z.unknown().optional(),
  })
  .strict();
export type WarmUpExample = z.output<typeof WarmUpExampleSchema>;

export const WarmUpSchema = z
  .object({
    /** Warm-up inference requests sent to the rollback target per check. */
    requests: z.number().int().min(1).max(1_000).default(20),
    /** Replay the target's own recently sampled requests; false: only `examples`. */
    fromSampledTraffic: z.boolean().default(true),
    /** Recorded inputs used when no sampled request can be replayed (none sampled, or bodies redacted). */
    examples: z.array(WarmUpExampleSchema).default([]),
    /** Warm when the warm-up's p95 ≤ the target's own p95 over `baselineWindow` × this factor. */
    latencyFactor: z
      .number()
      .min(1, 'latencyFactor: 1 or more (1.5 allows 50 % over the baseline)')
      .default(1.5),
    /** The span of the target's telemetry its latency baseline is read from, ending now. */
    baselineWindow: duration.default('1h'),
    /** Ready replicas the target's Kubernetes workload must have (Deployment `status.readyReplicas`). */
    minReadyReplicas: z.number().int().min(1).optional(),
    /** The workload counted; default: the rollout's kubernetes-deployment and kserve executors. */
    workload: WarmUpWorkloadSchema.optional(),
    /** How often the previous stable release is warmed and measured after promotion. */
    interval: duration.default('1m'),
    /** How long after promotion it is kept warm; default: blueGreen.keepWarm, else 2h. */
    keepFor: duration.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (!spec.fromSampledTraffic && spec.examples.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['examples'],
        message: 'with fromSampledTraffic: false, give at least one example request to warm up with',
      });
  });
export type WarmUpSpec = z.output<typeof WarmUpSchema>;
