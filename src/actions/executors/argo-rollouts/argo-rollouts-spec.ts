/**
 * An Argo Rollout as a rollback step (`spec.executors`, `kind: argo-rollouts`): abort the update
 * and undo to the revision that served the target, so Argo's controller agrees with ripcord's.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from '../../../core/duration.js';

export const ArgoRolloutsExecutorSpecSchema = z
  .object({
    kind: z.literal('argo-rollouts'),
    /** Names the step (`argo-rollouts:NAME`): its journal key, unique per kind within a rollout. */
    name: z.string().min(1),
    /** The Argo Rollout object's name. */
    rollout: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
        'rollout: a Kubernetes object name (lowercase, digits, "-", ".")',
      ),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace: a Kubernetes namespace name')
      .optional(),
    releaseLabel: z.string().min(1).default('ripcord.dev/release'),
    revisions: z.record(z.string().min(1), z.number().int().positive()).default({}),
    /** How long the undone Rollout may take to be Healthy again. */
    timeout: z.string().regex(DURATION_PATTERN, 'timeout: a duration such as 90s or 5m').default('5m'),
  })
  .strict();
export type ArgoRolloutsExecutorSpec = z.output<typeof ArgoRolloutsExecutorSpecSchema>;
