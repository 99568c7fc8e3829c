/**
 * Whether a Deployment's rollout is done, read as `kubectl rollout status` reads it
 * (kubectl's DeploymentStatusViewer): the controller must have observed the latest generation,
 * every replica must run the new template, no old replica may remain, and every updated replica
 * must be available. A Progressing condition with reason ProgressDeadlineExceeded is a failure.
 */
import type { V1Deployment } from '@kubernetes/client-node';

export type RolloutStatus =
  | { state: 'done'; message: string }
  | { state: 'waiting'; message: string }
  | { state: 'failed'; message: string };

export function rolloutStatus(deployment: V1Deployment): RolloutStatus {
  const name = deployment.metadata?.name ?? '';
  const generation = deployment.metadata?.generation ?? 0;
  const status = deployment.status ?? {};
  if (generation > (status.observedGeneration ?? 0))
    return { state: 'waiting', message: 'waiting for deployment spec update to be observed' };
  const progressing = status.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { state: 'failed', message: `deployment "${name}" exceeded its progress deadline` };
  const wanted = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const replicas = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if (updated < wanted)
    return { state: 'waiting', message: `${updated} out of ${wanted} new replicas have been updated` };
  if (replicas > updated)
    return { state: 'waiting', message: `${replicas - updated} old replicas are pending termination` };
  if (available < updated)
    return { state: 'waiting', message: `${available} of ${updated} updated replicas are available` };
  return { state: 'done', message: `deployment "${name}" successfully rolled out` };
}
