/**
 * A feature-pipeline step of a rollback, as written in `spec.executors` (`kind:
 * feature-pipeline`): a working copy of the pipeline repository on the control plane, the
 * feature whose pinned commit the target release restores, the branch to push, and DVC.
 */
import { z } from 'zod';

export const FeaturePipelineSpecSchema = z
  .object({
    kind: z.literal('feature-pipeline'),
    /** Unique among the rollout's executors; @default the feature's name. */
    name: z.string().min(1).optional(),
    /** A clone of the pipeline repository where the control plane runs (it commits and pushes from it). */
    workdir: z.string().min(1, 'give the path of a clone of the feature pipeline repository'),
    /** The feature (encoder or pipeline) whose version's `source.commit` the target release pins. */
    feature: z.string().min(1),
    /** The pipeline's folder in the repository; @default the feature version's source.path, else feature_pipeline/. */
    path: z.string().min(1).optional(),
    remote: z.string().min(1).default('origin'),
    /** The branch the rollback commit is pushed to (what the pipeline deploys from). */
    branch: z.string().min(1).default('main'),
    /** checkout: restore the path as of the commit; revert: a revert commit of everything since it. */
    mode: z.enum(['checkout', 'revert']).default('checkout'),
    /** The DVC command to bring data artifacts to the restored commit; false for a pipeline without DVC. */
    dvc: z.union([z.literal(false), z.string().min(1)]).default('dvc'),
  })
  .strict();
export type FeaturePipelineSpec = z.output<typeof FeaturePipelineSpecSchema>;
