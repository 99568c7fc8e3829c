/**
 * Builds the MLflow step a rollout's `kind: mlflow` entry describes. The token is read from the
 * environment each time the step runs (a missing one fails the step naming the variable), and a
 * ripcord release maps to the MLflow version recorded on its model version by `ripcord import
 * mlflow` (tag `mlflow.version`), else the model version's own number.
 */
import { credentialFromEnv } from '../../../controller/webhook-secrets.js';
import { createMlflowClient } from '../../../mlflow/mlflow-client.js';
import { MLFLOW_VERSION_TAG } from '../../../mlflow/mlflow-types.js';
import type { Registry } from '../../../registry/registry.js';
import type { ActionContext, Executor } from '../executor.js';
import { createMlflowExecutor } from './mlflow-executor.js';
import type { MlflowSpec } from './mlflow-spec.js';

export function mlflowVersionResolver(registry: Pick<Registry, 'getRelease' | 'getVersion'>) {
  return async (release: string, signal: AbortSignal): Promise<string> => {
    signal.throwIfAborted();
    const bundle = await registry.getRelease(release);
    const version = await registry.getVersion(bundle.model, bundle.modelVersion);
    return version.tags[MLFLOW_VERSION_TAG] ?? String(version.version);
  };
}

export function mlflowExecutorFromSpec(
  spec: MlflowSpec,
  context: {
    registry?: Pick<Registry, 'getRelease' | 'getVersion'> | undefined;
    env: Record<string, string | undefined>;
  },
): Executor {
  const registry = context.registry;
  const name = `mlflow:${spec.name ?? spec.registeredModel ?? 'model'}`;
  // The registered model defaults to the rollback's model, known when the step runs.
  const make = (action: ActionContext): Executor => {
    const registeredModel = spec.registeredModel ?? action.model;
    if (!registry) throw new Error(`${name}: needs the registry to map releases to MLflow versions`);
    return createMlflowExecutor({
      name: spec.name ?? spec.registeredModel ?? 'model',
      client: createMlflowClient({
        trackingUri: spec.trackingUri,
        token: spec.tokenEnv ? credentialFromEnv(name, spec.tokenEnv, context.env) : undefined,
      }),
      registeredModel,
      alias: spec.alias,
      stage: spec.stage,
      archivePulled: spec.archivePulled,
      versionOf: mlflowVersionResolver(registry),
    });
  };
  return {
    name,
    plan: async (c, s) => make(c).plan(c, s),
    apply: async (c, s) => make(c).apply(c, s),
    verify: async (c, s) => make(c).verify!(c, s),
  };
}
