/**
 * External rollback steps as a rollout writes them (`spec.executors`): one entry per system, told
 * apart by `kind`. Each kind's schema lives in its executor's folder; this union is the one list
 * of kinds, and `server/external-executors.ts` the one place that builds an executor from each.
 *
 * Credentials are never written here: a field named `...Env` holds the name of an environment
 * variable of the control plane (`tokenEnv: MLFLOW_TOKEN`), checked when the rollout is submitted
 * (`requireExecutorSecrets`) and read when the step runs.
 */
import { z } from 'zod';
import { ArgoRolloutsExecutorSpecSchema } from './argo-rollouts/argo-rollouts-spec.js';
import { HelmExecutorSpecSchema } from './helm/helm-spec.js';
import { KserveExecutorSpecSchema } from './kserve/kserve-spec.js';
import { DeploymentExecutorSpecSchema } from './kubernetes-deployment/deployment-spec.js';
import { FeaturePipelineSpecSchema } from './feature-pipeline/feature-pipeline-spec.js';
import { GitopsSpecSchema } from './gitops/gitops-spec.js';
import { RetrainSpecSchema } from './retrain/retrain-spec.js';
import { MlflowSpecSchema } from './mlflow/mlflow-spec.js';
import { WebhookSpecSchema } from './webhook/webhook-spec.js';

export const ExecutorSpecSchema = z.discriminatedUnion('kind', [
  WebhookSpecSchema.extend({ kind: z.literal('webhook') }),
  DeploymentExecutorSpecSchema,
  HelmExecutorSpecSchema,
  ArgoRolloutsExecutorSpecSchema,
  KserveExecutorSpecSchema,
  MlflowSpecSchema,
  FeaturePipelineSpecSchema,
  GitopsSpecSchema,
  RetrainSpecSchema,
]);
export type ExecutorSpec = z.output<typeof ExecutorSpecSchema>;
export type ExecutorKind = ExecutorSpec['kind'];

/**
 * The name a step's executor takes (its journal key is `${eventId}/${kind}:${name}`): its `name`,
 * else what its kind defaults it to (mlflow: the registered model; feature-pipeline: the feature;
 * gitops: the file).
 */
export function stepName(entry: { kind: string; name?: string | undefined }): string {
  const fields = entry as {
    name?: string | undefined;
    registeredModel?: string;
    feature?: string;
    file?: string;
  };
  return fields.name ?? fields.registeredModel ?? fields.feature ?? fields.file ?? 'model';
}
