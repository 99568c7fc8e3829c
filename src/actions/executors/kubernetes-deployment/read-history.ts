/** Reads a Deployment and the revisions its ReplicaSets hold (what `kubectl rollout history` lists). */
import type { V1Deployment } from '@kubernetes/client-node';
import { abortable } from '../../../kubernetes/abortable.js';
import type { KubeClient } from '../../../kubernetes/kube-client.js';
import { kubeCall } from '../../../kubernetes/kube-errors.js';
import { revisions, type Revision } from './deployment-history.js';

export async function readDeploymentHistory(
  client: KubeClient,
  namespace: string,
  name: string,
  releaseLabel: string,
  signal: AbortSignal,
): Promise<{ deployment: V1Deployment; history: Revision[] }> {
  const deployment = await abortable(
    kubeCall(`get deployments.apps ${name} in ${namespace}`, () =>
      client.apps.readNamespacedDeployment({ name, namespace }),
    ),
    signal,
  );
  const selector = Object.entries(deployment.spec?.selector.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const replicaSets = await abortable(
    kubeCall(`list replicasets.apps in ${namespace}`, () =>
      client.apps.listNamespacedReplicaSet({
        namespace,
        ...(selector ? { labelSelector: selector } : {}),
      }),
    ),
    signal,
  );
  return { deployment, history: revisions(deployment, replicaSets.items, releaseLabel) };
}
