/**
 * An MLflow Model Registry step of a rollback, as written in `spec.executors` (`kind: mlflow`):
 * which registered model, and whether production is an alias (MLflow 2.x: `champion`,
 * `production`) or a stage (older servers: `Production`).
 */
import { z } from 'zod';

export const MlflowSpecSchema = z
  .object({
    kind: z.literal('mlflow'),
    /** Unique among the rollout's executors; @default the registered model's name. */
    name: z.string().min(1).optional(),
    trackingUri: z.url({ message: 'give the MLflow tracking server URL, e.g. http://mlflow.internal:5000' }),
    /** The registered model in MLflow; @default the rollout's model. */
    registeredModel: z.string().min(1).optional(),
    /** The alias that serves (MLflow ≥ 2.3). Give this or `stage`. */
    alias: z.string().min(1).optional(),
    /** The stage that serves, for servers without aliases. Give this or `alias`. */
    stage: z.enum(['Production', 'Staging']).optional(),
    /** In stage mode, move the pulled version to Archived (as the seed does). */
    archivePulled: z.boolean().default(true),
    /** Name of the environment variable holding the MLflow token (sent as a bearer token). */
    tokenEnv: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if ((spec.alias === undefined) === (spec.stage === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['alias'],
        message:
          'give exactly one of alias (MLflow 2.x, e.g. champion) or stage (older servers, e.g. Production)',
      });
  });
export type MlflowSpec = z.output<typeof MlflowSpecSchema>;
