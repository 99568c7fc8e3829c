/**
 * A Helm release as a rollback step (`spec.executors`, `kind: helm`): `helm rollback RELEASE
 * REVISION --wait` to the revision that served the target release.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from '../../../core/duration.js';

export const HelmExecutorSpecSchema = z
  .object({
    kind: z.literal('helm'),
    /** Names the step (`helm:NAME`): its journal key, unique per kind within a rollout. */
    name: z.string().min(1),
    /** The Helm release (not ripcord's): `helm list` shows it. */
    release: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'release: a Helm release name (lowercase, digits, "-")'),
    namespace: z.string().min(1).optional(),
    /** Helm revisions recorded for ripcord releases (`release name: revision`). */
    revisions: z.record(z.string().min(1), z.number().int().positive()).default({}),
    /**
     * Without a recorded revision: the dotted path of the chart value that names the ripcord
     * release (`model.release`); the newest revision whose values carry the target is used.
     */
    releaseValue: z.string().min(1).default('ripcord.release'),
    /** `--timeout` of helm rollback --wait. */
    timeout: z.string().regex(DURATION_PATTERN, 'timeout: a duration such as 90s or 5m').default('5m'),
    kubeContext: z.string().min(1).optional(),
    kubeconfig: z.string().min(1).optional(),
    /** The helm binary. @default "helm" */
    helm: z.string().min(1).default('helm'),
  })
  .strict();
export type HelmExecutorSpec = z.output<typeof HelmExecutorSpecSchema>;
