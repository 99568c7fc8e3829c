/**
 * A rollout's external rollback steps: its webhooks, then `spec.executors` in order, each built
 * by its kind's factory. Run after a rollback's traffic, aliases, release mark and flags.
 * Credentials come from the environment, never the store, and are read when the step runs: one
 * missing then fails that action (naming the variable), never goes out without it.
 */
import type { Executor } from '../actions/executors/executor.js';
import type { ExecutorKind, ExecutorSpec } from '../actions/executors/executor-spec.js';
import { featurePipelineExecutorFromSpec } from '../actions/executors/feature-pipeline/feature-pipeline-from-spec.js';
import { gitopsExecutorFromSpec } from '../actions/executors/gitops/gitops-from-spec.js';
import { retrainExecutorFromSpec } from '../actions/executors/retrain/retrain-from-spec.js';
import { mlflowExecutorFromSpec } from '../actions/executors/mlflow/mlflow-from-spec.js';
import { createWebhookExecutor } from '../actions/executors/webhook/webhook-executor.js';
import type { WebhookSpec } from '../actions/executors/webhook/webhook-spec.js';
import { createArgoRolloutsExecutor } from '../actions/executors/argo-rollouts/argo-rollouts-executor.js';
import { createKserveExecutor } from '../actions/executors/kserve/kserve-executor.js';
import { createHelmExecutor } from '../actions/executors/helm/helm-executor.js';
import { createDeploymentExecutor } from '../actions/executors/kubernetes-deployment/deployment-executor.js';
import { createKubeClient, type KubeClient } from '../kubernetes/kube-client.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import { webhookSecret } from '../controller/webhook-secrets.js';
import type { Registry } from '../registry/registry.js';

/** What a factory may use besides its spec. */
export interface ExecutorFactoryContext {
  registry?: Registry | undefined;
  env: Record<string, string | undefined>;
  /** The cluster Kubernetes steps act on; built when a step first needs it. @default from KUBECONFIG or the pod's service account */
  kube?: (() => Promise<KubeClient>) | undefined;
}

/**
 * One client per process for the default cluster, built at first use (a control plane without
 * one still starts, and does not load the library); a failed build is retried by the next use.
 */
let defaultKube: Promise<KubeClient> | undefined;
export const sharedKubeClient = (env: ExecutorFactoryContext['env']) => (): Promise<KubeClient> =>
  (defaultKube ??= createKubeClient({ env }).catch((error: unknown) => {
    defaultKube = undefined;
    throw error;
  }));

type Factory<K extends ExecutorKind> = (
  spec: Extract<ExecutorSpec, { kind: K }>,
  context: ExecutorFactoryContext,
) => Executor;

/** One factory per kind of `spec.executors`; the type makes a kind without one a compile error. */
const FACTORIES: { [K in ExecutorKind]: Factory<K> } = {
  webhook: (spec, { env }) => webhookExecutor(spec, env),
  'kubernetes-deployment': (spec, { env, kube }) =>
    createDeploymentExecutor(kube ?? sharedKubeClient(env), spec),
  helm: (spec) => createHelmExecutor(spec),
  'argo-rollouts': (spec, { env, kube }) => createArgoRolloutsExecutor(kube ?? sharedKubeClient(env), spec),
  kserve: (spec, { env, kube }) => createKserveExecutor(kube ?? sharedKubeClient(env), spec),
  mlflow: (spec, context) => mlflowExecutorFromSpec(spec, context),
  'feature-pipeline': (spec, context) => featurePipelineExecutorFromSpec(spec, context),
  gitops: (spec, context) => gitopsExecutorFromSpec(spec, context),
  retrain: (spec, context) => retrainExecutorFromSpec(spec, context),
};

function webhookExecutor(hook: Omit<WebhookSpec, 'kind'>, env: ExecutorFactoryContext['env']): Executor {
  const unsigned = createWebhookExecutor({ name: hook.name, url: hook.url });
  return {
    name: unsigned.name,
    plan: (context, signal) => unsigned.plan(context, signal),
    // The secret is read at delivery: one missing then fails this action, never goes unsigned.
    apply: (context, signal) =>
      createWebhookExecutor({ name: hook.name, url: hook.url, secret: webhookSecret(hook, env) }).apply(
        context,
        signal,
      ),
  };
}

function build<K extends ExecutorKind>(
  spec: Extract<ExecutorSpec, { kind: K }>,
  context: ExecutorFactoryContext,
): Executor {
  return (FACTORIES[spec.kind] as Factory<K>)(spec, context);
}

export function rolloutExternalExecutors(
  spec: RolloutSpec,
  context: ExecutorFactoryContext = { env: process.env },
): Executor[] {
  return [
    ...spec.webhooks.map((hook) => webhookExecutor(hook, context.env)),
    ...spec.executors.map((entry) => build(entry, context)),
  ];
}
