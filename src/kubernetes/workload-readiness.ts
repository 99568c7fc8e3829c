/**
 * Counts a workload's ready replicas for the warm-up check (controller/warm-up/warm-target.ts),
 * through the shared client: a Deployment's `status.readyReplicas` against `spec.replicas`, an
 * InferenceService's `Ready` condition (KServe reports no replica count on it; name its
 * predictor's Deployment as the workload to count replicas).
 */
import type { V1Deployment } from '@kubernetes/client-node';
import type { WorkloadReadinessReader } from '../controller/warm-up/warm-target.js';
import type { KubeClient } from './kube-client.js';
import { kubeCall } from './kube-errors.js';

interface InferenceServiceStatus {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export function kubeWorkloadReadiness(client: () => Promise<KubeClient>): WorkloadReadinessReader {
  return {
    async read(workload) {
      const kube = await client();
      const namespace = workload.namespace ?? kube.namespace;
      if (workload.kind === 'Deployment') {
        const deployment: V1Deployment = await kubeCall(
          `get deployments.apps ${workload.name} in ${namespace}`,
          () => kube.apps.readNamespacedDeployment({ name: workload.name, namespace }),
        );
        const ready = deployment.status?.readyReplicas ?? 0;
        const desired = deployment.spec?.replicas ?? 1;
        return {
          workload: `Deployment ${namespace}/${workload.name}`,
          ready,
          desired,
          readyCondition: true,
          message: `${ready} of ${desired} replica(s) ready`,
        };
      }
      const isvc = (await kubeCall(
        `get inferenceservices.serving.kserve.io ${workload.name} in ${namespace}`,
        () =>
          kube.custom.getNamespacedCustomObject({
            group: 'serving.kserve.io',
            version: 'v1beta1',
            namespace,
            plural: 'inferenceservices',
            name: workload.name,
          }),
      )) as InferenceServiceStatus;
      const condition = isvc.status?.conditions?.find((c) => c.type === 'Ready');
      const ready = condition?.status === 'True';
      return {
        workload: `InferenceService ${namespace}/${workload.name}`,
        ready: null,
        desired: null,
        readyCondition: ready,
        message: condition
          ? `Ready=${condition.status}${condition.reason ? ` (${condition.reason}${condition.message ? `: ${condition.message}` : ''})` : ''}`
          : 'no Ready condition yet',
      };
    },
  };
}
