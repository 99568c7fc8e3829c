/**
 * The emergency-retrain step of a rollback (`kind: retrain`): the CI that retrains the model,
 * GitLab's pipeline trigger or a GitHub Actions workflow. It acts only when the rollout had no
 * safe rollback target (the fallback serves meanwhile); with one, the step plans nothing. The
 * dataset version and training config commit default to the newest known-good model version's.
 */
import { z } from 'zod';

const commit = z.string().regex(/^[0-9a-f]{7,40}$/, 'use a git commit id: 7 to 40 lowercase hex characters');

export const RetrainSpecSchema = z
  .object({
    kind: z.literal('retrain'),
    /** Unique among the rollout's executors; @default model */
    name: z.string().min(1).optional(),
    gitlab: z
      .object({
        url: z.url({ message: 'gitlab.url: give the GitLab server, e.g. https://gitlab.example.com' }),
        project: z.string().min(1),
        ref: z.string().min(1).default('main'),
      })
      .strict()
      .optional(),
    github: z
      .object({
        /** owner/repo */
        repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'github.repository: write it as owner/repo'),
        /** The workflow file name (retrain.yml) or id; it declares the inputs model, dataset_version, config_commit, reason. */
        workflow: z.string().min(1),
        ref: z.string().min(1).default('main'),
        apiUrl: z.url().optional(),
      })
      .strict()
      .optional(),
    /**
     * The environment variable holding the GitLab pipeline trigger token or a GitHub token allowed
     * to dispatch workflows (actions: write); checked when the rollout is submitted.
     */
    tokenEnv: z.string().min(1, 'tokenEnv: name the environment variable holding the CI token'),
    /** @default the newest known-good model version's datasetVersion */
    datasetVersion: z.string().min(1).optional(),
    /** @default the newest known-good model version's trainingConfigCommit */
    configCommit: commit.optional(),
  })
  .strict()
  .refine((spec) => (spec.gitlab === undefined) !== (spec.github === undefined), {
    message: 'a retrain step names one CI: gitlab: { url, project } or github: { repository, workflow }',
  });
export type RetrainSpec = z.output<typeof RetrainSpecSchema>;
