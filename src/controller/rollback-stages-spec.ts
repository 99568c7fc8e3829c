/**
 * `spec.rollbackStages`: when a rollback reaches the serving infrastructure. Stage 1 (traffic,
 * aliases, the release mark, flags, the model registry, webhooks) always runs first; stage 2
 * (the `kubernetes-deployment`, `helm`, `kserve` and `argo-rollouts` executors) runs only when
 * recovery is not verified within `infrastructureAfter` of stage 1, or at once for a decision
 * whose severity is listed in `immediateFor`.
 */
import { z } from 'zod';
import { isDuration } from '../core/duration.js';

export const ROLLBACK_SEVERITIES = ['hard', 'soft', 'manual'] as const;

export const RollbackStagesSchema = z
  .object({
    /** How long stage 1 has to show recovery before the infrastructure rolls back. @default spec.verify.within */
    infrastructureAfter: z
      .string()
      .refine(isDuration, { message: 'infrastructureAfter: write a duration such as 30s, 2m or 1h' })
      .optional(),
    /** Decision severities (hard, soft, manual) that roll the infrastructure back with stage 1. */
    immediateFor: z
      .array(
        z.enum(ROLLBACK_SEVERITIES, {
          message: 'immediateFor: list severities among hard, soft and manual',
        }),
      )
      .default([]),
  })
  .strict();
export type RollbackStagesSpec = z.output<typeof RollbackStagesSchema>;
