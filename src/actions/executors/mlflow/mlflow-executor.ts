/**
 * MLflow Model Registry: on rollback, point the serving alias (or stage) back at the target's
 * MLflow version and leave the seed's `rollback.*` tags on both versions. Every write is computed
 * from what MLflow holds now, so `plan` lists exactly what `apply` would send and a repeated
 * apply sends nothing.
 */
import type { MlflowClient } from '../../../mlflow/mlflow-client.js';
import { rollbackTags, missingTags, type RollbackTagRole } from '../../../mlflow/rollback-tags.js';
import { tagRecord, type MlflowStage } from '../../../mlflow/mlflow-types.js';
import type { ActionContext, Executor } from '../executor.js';

export interface MlflowExecutorOptions {
  name?: string | undefined;
  client: MlflowClient;
  registeredModel: string;
  alias?: string | undefined;
  stage?: Exclude<MlflowStage, 'None' | 'Archived'> | undefined;
  archivePulled?: boolean | undefined;
  /** The MLflow version a ripcord release serves (from its model version's `mlflow.version` tag). */
  versionOf(release: string, signal: AbortSignal): Promise<string>;
}

interface Write {
  summary: string;
  run(signal: AbortSignal): Promise<unknown>;
}

export function createMlflowExecutor(options: MlflowExecutorOptions): Executor {
  const { client, registeredModel: model } = options;
  const slot =
    options.alias !== undefined ? `alias ${options.alias}` : `stage ${options.stage ?? 'Production'}`;
  const name = `mlflow:${options.name ?? model}`;

  async function versions(context: ActionContext, signal: AbortSignal) {
    const [target, pulled] = await Promise.all([
      options.versionOf(context.target, signal),
      options.versionOf(context.release, signal),
    ]);
    return { target, pulled };
  }

  async function pending(context: ActionContext, signal: AbortSignal): Promise<Write[]> {
    signal.throwIfAborted();
    const { target, pulled } = await versions(context, signal);
    const writes: Write[] = [];
    if (options.alias !== undefined) {
      const alias = options.alias;
      const current = await client.getVersionByAlias(model, alias, signal);
      if (current?.version !== target)
        writes.push({
          summary: `move alias ${alias} to version ${target} (now ${current ? `version ${current.version}` : 'unset'})`,
          run: (s) => client.setAlias(model, alias, target, s),
        });
    } else {
      const stage = options.stage ?? 'Production';
      const targetNow = await client.getModelVersion(model, target, signal);
      if (targetNow.current_stage !== stage)
        writes.push({
          summary: `transition version ${target} to ${stage} (now ${targetNow.current_stage ?? 'None'})`,
          run: (s) => client.transitionStage(model, target, stage, s),
        });
      if (pulled !== target && options.archivePulled !== false) {
        const pulledNow = await client.getModelVersion(model, pulled, signal);
        if (pulledNow.current_stage === stage)
          writes.push({
            summary: `transition version ${pulled} to Archived (now ${stage})`,
            run: (s) => client.transitionStage(model, pulled, 'Archived', s),
          });
      }
    }
    const roles: [string, RollbackTagRole][] = [[target, 'rollback_target']];
    if (pulled !== target) roles.push([pulled, 'rolled_back_from']);
    for (const [version, role] of roles) {
      const now = tagRecord(await client.getModelVersion(model, version, signal));
      const tags = missingTags(now, rollbackTags(context, role));
      if (tags.length > 0)
        writes.push({
          summary: `tag version ${version} ${role} (${tags.map(([k]) => k).join(', ')})`,
          run: async (s) => {
            for (const [key, value] of tags) await client.setModelVersionTag(model, version, key, value, s);
          },
        });
    }
    return writes;
  }

  return {
    name,
    async plan(context, signal) {
      const writes = await pending(context, signal);
      const where = `MLflow ${model} (${slot}) at ${client.trackingUri}`;
      return writes.length === 0
        ? {
            changes: false,
            summary: `${name}: ${where} already points at the target and carries the rollback tags`,
          }
        : {
            changes: true,
            summary: `${name}: ${where}: ${writes.map((w) => w.summary).join('; ')}`,
            detail: { steps: writes.map((w) => w.summary) },
          };
    },
    async apply(context, signal) {
      const writes = await pending(context, signal);
      for (const write of writes) {
        signal.throwIfAborted();
        await write.run(signal);
      }
      const { target, pulled } = await versions(context, signal);
      return {
        changed: writes.length > 0,
        detail: { registeredModel: model, slot, target, pulled, steps: writes.map((w) => w.summary) },
      };
    },
    async verify(context, signal) {
      const writes = await pending(context, signal);
      return writes.length === 0
        ? {
            ok: true,
            message: `MLflow ${model}: ${slot} serves the target's version and both versions carry the rollback tags`,
          }
        : { ok: false, message: `MLflow ${model} still needs: ${writes.map((w) => w.summary).join('; ')}` };
    },
  };
}
