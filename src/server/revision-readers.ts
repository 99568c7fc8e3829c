/**
 * A rollout's infrastructure revision readers (pre-staged rollback): one per `spec.executors`
 * entry of a kind that rolls serving infrastructure back to a revision, on the same cluster and
 * helm binary its executor uses. Other kinds record nothing.
 */
import type { InfrastructureRevisionReader } from '../actions/infrastructure-revision.js';
import { helmRevisionReader } from '../actions/executors/helm/helm-revision-reader.js';
import { kserveRevisionReader } from '../actions/executors/kserve/kserve-revision-reader.js';
import { deploymentRevisionReader } from '../actions/executors/kubernetes-deployment/deployment-revision-reader.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import { sharedKubeClient, type ExecutorFactoryContext } from './external-executors.js';

export function rolloutRevisionReaders(
  spec: RolloutSpec,
  context: ExecutorFactoryContext = { env: process.env },
): InfrastructureRevisionReader[] {
  const kube = context.kube ?? sharedKubeClient(context.env);
  return spec.executors.flatMap((entry): InfrastructureRevisionReader[] => {
    switch (entry.kind) {
      case 'kubernetes-deployment':
        return [deploymentRevisionReader(kube, entry)];
      case 'kserve':
        return [kserveRevisionReader(kube, entry)];
      case 'helm':
        return [helmRevisionReader(entry)];
      default:
        return [];
    }
  });
}
