/**
 * The Deployment's revision that serves a release (`deployment.kubernetes.io/revision` of the
 * ReplicaSet whose pod template carries `ripcord.dev/release: <release>`, or the one pinned in
 * `revisions`), read when a rollout starts so its rollback goes to that exact revision.
 */
import { lazyKubeClient, type KubeClientSource } from '../../../kubernetes/kube-client.js';
import type { InfrastructureRevisionReader } from '../../infrastructure-revision.js';
import { revisionFor } from './deployment-history.js';
import type { DeploymentExecutorOptions } from './deployment-executor.js';
import { readDeploymentHistory } from './read-history.js';

export function deploymentRevisionReader(
  kube: KubeClientSource,
  options: DeploymentExecutorOptions,
): InfrastructureRevisionReader {
  const name = options.deployment;
  const { ready } = lazyKubeClient(kube);
  const step = `kubernetes-deployment:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${name}`}`;
  const releaseLabel = options.releaseLabel ?? 'ripcord.dev/release';
  return {
    step,
    async read(release, signal) {
      const client = await ready();
      const namespace = options.namespace ?? client.namespace;
      const { history } = await readDeploymentHistory(client, namespace, name, releaseLabel, signal);
      const found = revisionFor(history, release, options.revisions ?? {}, releaseLabel);
      if (typeof found === 'string') throw new Error(`${step}: ${found}`);
      return {
        release,
        revision: found.revision,
        source: `deployment ${namespace}/${name} revision ${found.revision} (replicaset ${found.replicaSet.metadata?.name ?? '?'})`,
      };
    },
  };
}
