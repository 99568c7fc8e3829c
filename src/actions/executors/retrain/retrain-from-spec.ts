/**
 * Builds the retrain step a rollout's `kind: retrain` entry describes: the CI from the spec, the
 * token from the environment when the step runs, the training inputs from the spec or the newest
 * known-good model version, and the audit trail as the record of what was triggered.
 */
import { credentialFromEnv } from '../../../controller/webhook-secrets.js';
import type { RetrainCi } from '../../../ci/retrain-trigger.js';
import type { Registry } from '../../../registry/registry.js';
import type { Executor } from '../executor.js';
import { knownGoodTraining } from './known-good-training.js';
import { createRetrainExecutor, type RetrainRecord, type RetrainTrail } from './retrain-executor.js';
import type { RetrainSpec } from './retrain-spec.js';

const ACTION = 'retrain.trigger';

/** Triggers as audit entries: the incident's trail shows who retrained what, with the link. */
export function auditRetrainTrail(registry: Pick<Registry, 'audit' | 'recordAudit'>): RetrainTrail {
  return {
    async find(eventId) {
      const entries = await registry.audit({ action: ACTION, target: `incident/${eventId}` });
      return entries.at(-1)?.after as RetrainRecord | undefined;
    },
    async record(context, record) {
      await registry.recordAudit({
        actor: context.actor,
        action: ACTION,
        target: `incident/${context.eventId}`,
        reason: `no safe rollback target for ${context.release}`,
        after: record,
      });
    },
  };
}

export function retrainExecutorFromSpec(
  spec: RetrainSpec,
  context: {
    registry?: Pick<Registry, 'audit' | 'recordAudit' | 'listReleases' | 'getVersion'> | undefined;
    env: Record<string, string | undefined>;
  },
): Executor {
  const name = spec.name ?? 'model';
  const { registry } = context;
  const needRegistry = () => {
    if (!registry) throw new Error(`retrain:${name}: needs the registry to record the trigger`);
    return registry;
  };
  const ci: RetrainCi = spec.gitlab
    ? { provider: 'gitlab', gitlabUrl: spec.gitlab.url, project: spec.gitlab.project }
    : {
        provider: 'github',
        repository: spec.github!.repository,
        workflow: spec.github!.workflow,
        apiUrl: spec.github!.apiUrl,
      };
  const settings = spec.gitlab ?? spec.github!;
  const trail: RetrainTrail = {
    find: (eventId) => auditRetrainTrail(needRegistry()).find(eventId),
    record: (action, record) => auditRetrainTrail(needRegistry()).record(action, record),
  };
  return createRetrainExecutor({
    name,
    ci,
    ref: settings.ref,
    token: () => credentialFromEnv(`retrain:${name}`, spec.tokenEnv, context.env),
    trail,
    training: async (action) => {
      const found =
        spec.datasetVersion && spec.configCommit
          ? undefined
          : await knownGoodTraining(needRegistry(), action.model, action.release);
      const datasetVersion = spec.datasetVersion ?? found?.datasetVersion;
      const configCommit = spec.configCommit ?? found?.configCommit;
      if (!datasetVersion || !configCommit)
        throw new Error(
          `retrain:${name}: no known-good model version of ${action.model} records its datasetVersion and ` +
            'trainingConfigCommit; set datasetVersion and configCommit in the retrain step',
        );
      return { datasetVersion, configCommit, from: found?.from };
    },
  });
}
