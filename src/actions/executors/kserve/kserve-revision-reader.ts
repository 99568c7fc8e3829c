/**
 * The Knative revision of an InferenceService component that serves a release, read when a
 * rollout starts: `status.components.<c>.latestRolledoutRevision`, the revision that last took
 * all traffic (KServe keeps it there while a canary's new revision is only ready). At rollback
 * the executor refuses a previous revision other than this one rather than go elsewhere.
 */
import { abortable } from '../../../kubernetes/abortable.js';
import { lazyKubeClient, type KubeClientSource } from '../../../kubernetes/kube-client.js';
import { kubeCall } from '../../../kubernetes/kube-errors.js';
import type { InfrastructureRevisionReader } from '../../infrastructure-revision.js';
import type { KserveExecutorOptions } from './kserve-executor.js';

interface ComponentStatus {
  latestRolledoutRevision?: string;
}

export function kserveRevisionReader(
  kube: KubeClientSource,
  options: KserveExecutorOptions,
): InfrastructureRevisionReader {
  const name = options.inferenceService;
  const component = options.component ?? 'predictor';
  const step = `kserve:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${name}`}`;
  const { ready } = lazyKubeClient(kube);
  return {
    step,
    async read(release, signal) {
      const client = await ready();
      const namespace = options.namespace ?? client.namespace;
      const where = `inferenceservice ${namespace}/${name} ${component}`;
      const pinned = options.revisions?.[release];
      if (pinned !== undefined)
        return { release, revision: pinned, source: `${where} revision ${pinned} (pinned)` };
      const isvc = (await abortable(
        kubeCall(`get inferenceservices.serving.kserve.io ${name} in ${namespace}`, () =>
          client.custom.getNamespacedCustomObject({
            group: 'serving.kserve.io',
            version: 'v1beta1',
            namespace,
            plural: 'inferenceservices',
            name,
          }),
        ),
        signal,
      )) as {
        spec?: Record<string, unknown>;
        status?: { components?: Record<string, ComponentStatus | undefined> };
      };
      if (!isvc.spec?.[component]) throw new Error(`${step}: the InferenceService has no ${component}`);
      const revision = isvc.status?.components?.[component]?.latestRolledoutRevision;
      if (!revision)
        throw new Error(
          `${step}: ${where} has no rolled-out revision yet; wait for it to be Ready or record the revision under revisions`,
        );
      return { release, revision, source: `${where} revision ${revision} (latest rolled-out)` };
    },
  };
}
