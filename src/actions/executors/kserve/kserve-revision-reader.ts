/**
 * The Knative revision of an InferenceService component that serves a release, read when a
 * rollout starts: the latest rolled-out revision while no canary is under way, else the
 * previous one (the canary's new revision is then the latest). The rollback refuses a previous
 * revision other than this one rather than roll back to something else.
 */
import { abortable } from '../../../kubernetes/abortable.js';
import type { KubeClient } from '../../../kubernetes/kube-client.js';
import { kubeCall } from '../../../kubernetes/kube-errors.js';
import type { InfrastructureRevisionReader } from '../../infrastructure-revision.js';
import type { KserveExecutorOptions } from './kserve-executor.js';

interface Component {
  canaryTrafficPercent?: number;
}
interface ComponentStatus {
  latestRolledoutRevision?: string;
  previousRolledoutRevision?: string;
}

export function kserveRevisionReader(
  kube: KubeClient | (() => KubeClient),
  options: KserveExecutorOptions,
): InfrastructureRevisionReader {
  const name = options.inferenceService;
  const component = options.component ?? 'predictor';
  const step = `kserve:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${name}`}`;
  const client = (): KubeClient => (typeof kube === 'function' ? kube() : kube);
  return {
    step,
    async read(release, signal) {
      const namespace = options.namespace ?? client().namespace;
      const where = `inferenceservice ${namespace}/${name} ${component}`;
      const pinned = options.revisions?.[release];
      if (pinned !== undefined)
        return { release, revision: pinned, source: `${where} revision ${pinned} (pinned)` };
      const isvc = (await abortable(
        kubeCall(`get inferenceservices.serving.kserve.io ${name} in ${namespace}`, () =>
          client().custom.getNamespacedCustomObject({
            group: 'serving.kserve.io',
            version: 'v1beta1',
            namespace,
            plural: 'inferenceservices',
            name,
          }),
        ),
        signal,
      )) as {
        spec?: Record<string, Component | undefined>;
        status?: { components?: Record<string, ComponentStatus | undefined> };
      };
      const spec = isvc.spec?.[component];
      if (!spec) throw new Error(`${step}: the InferenceService has no ${component}`);
      const status = isvc.status?.components?.[component] ?? {};
      const canary = spec.canaryTrafficPercent !== undefined && spec.canaryTrafficPercent < 100;
      const revision = canary ? status.previousRolledoutRevision : status.latestRolledoutRevision;
      if (!revision)
        throw new Error(
          `${step}: ${where} has no ${canary ? 'previous' : 'latest'} rolled-out revision yet; wait for it to be Ready or record the revision under revisions`,
        );
      return {
        release,
        revision,
        source: `${where} revision ${revision} (${canary ? 'previous rolled-out, a canary is under way' : 'latest rolled-out'})`,
      };
    },
  };
}
