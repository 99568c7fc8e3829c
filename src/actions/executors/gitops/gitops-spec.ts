/**
 * A GitOps step of a rollback, as written in `spec.executors` (`kind: gitops`): a working copy of
 * the config repository a GitOps tool (Flux, Argo CD) deploys from, the file that pins what runs,
 * and the branch to push. After an automated rollback the file names the target release again,
 * so the next reconcile of the GitOps tool does not roll the bad release forward.
 */
import { z } from 'zod';

export const GitopsSpecSchema = z
  .object({
    kind: z.literal('gitops'),
    /** Unique among the rollout's executors; @default the rollout's model. */
    name: z.string().min(1).optional(),
    /** A clone of the config repository where the control plane runs (it commits and pushes from it). */
    workdir: z.string().min(1, 'give the path of a clone of the config repository'),
    /** The file (relative to the repository root) ripcord owns: .yaml, .yml or .json. */
    file: z
      .string()
      .min(1)
      .regex(/\.(ya?ml|json)$/, 'file: name a .yaml, .yml or .json file, e.g. releases/recsys.yaml')
      .refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), {
        message: 'file: give a path inside the repository, without a leading / or ..',
      }),
    remote: z.string().min(1).default('origin'),
    /** The branch the GitOps tool deploys from. */
    branch: z.string().min(1).default('main'),
  })
  .strict();
export type GitopsSpec = z.output<typeof GitopsSpecSchema>;
