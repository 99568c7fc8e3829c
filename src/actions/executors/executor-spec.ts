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
import { WebhookSpecSchema } from './webhook/webhook-spec.js';

export const ExecutorSpecSchema = z.discriminatedUnion('kind', [
  WebhookSpecSchema.extend({ kind: z.literal('webhook') }),
  DeploymentExecutorSpecSchema,
  HelmExecutorSpecSchema,
  ArgoRolloutsExecutorSpecSchema,
  KserveExecutorSpecSchema,
]);
export type ExecutorSpec = z.output<typeof ExecutorSpecSchema>;
export type ExecutorKind = ExecutorSpec['kind'];
