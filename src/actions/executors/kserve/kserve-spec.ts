/**
 * A KServe InferenceService as a rollback step (`spec.executors`, `kind: kserve`): its canary
 * traffic back to 0, so the previous rolled-out revision serves everything.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from '../../../core/duration.js';

export const KserveExecutorSpecSchema = z
  .object({
    kind: z.literal('kserve'),
    /** Names the step (`kserve:NAME`): its journal key, unique per kind within a rollout. */
    name: z.string().min(1),
    inferenceService: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'inferenceService: a Kubernetes object name (lowercase, digits, "-")',
      ),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace: a Kubernetes namespace name')
      .optional(),
    /** The component whose traffic moves. */
    component: z.enum(['predictor', 'transformer', 'explainer']).default('predictor'),
    /** Knative revisions recorded for releases (`release name: revision name`): the previous revision must be the target's. */
    revisions: z.record(z.string().min(1), z.string().min(1)).default({}),
    timeout: z.string().regex(DURATION_PATTERN, 'timeout: a duration such as 90s or 5m').default('5m'),
  })
  .strict();
export type KserveExecutorSpec = z.output<typeof KserveExecutorSpecSchema>;
