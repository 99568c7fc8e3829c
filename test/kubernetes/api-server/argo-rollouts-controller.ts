/**
 * What Argo Rollouts' controller does that ripcord relies on, as a reaction of the contract
 * server: a changed pod template gets a ReplicaSet (`rollouts-pod-template-hash`,
 * `rollout.argoproj.io/revision`; a matching one is reused at the newest revision); a new
 * template starts a canary (phase Progressing, paused at its first pause step, the stable
 * ReplicaSet unchanged); `status.abort` sends traffic back to stable (phase Degraded,
 * RolloutAborted); a template equal to the stable one is a fast rollback (abort cleared, Healthy).
 */
import type { ContractApiServer, KubeObject, Reaction } from './contract-api-server.js';
import { templateHash } from './deployment-controller.js';

const REVISION = 'rollout.argoproj.io/revision';
const HASH = 'rollouts-pod-template-hash';

interface RolloutSpec {
  replicas?: number;
  selector: { matchLabels?: Record<string, string> };
  template: { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>;
}

interface RolloutStatus {
  observedGeneration?: string;
  currentPodHash?: string;
  stableRS?: string;
  abort?: boolean;
  phase?: string;
  message?: string;
}

export function argoRolloutsController(): Reaction {
  return ({ type, object, resource }, server) => {
    if (resource.kind !== 'Rollout' || type === 'DELETED') return;
    const current = server.get('Rollout', object.metadata.namespace ?? 'default', object.metadata.name);
    if (current) reconcile(server, current);
  };
}

function reconcile(server: ContractApiServer, rollout: KubeObject): void {
  const namespace = rollout.metadata.namespace ?? 'default';
  const spec = rollout.spec as RolloutSpec;
  const status = (rollout.status ?? {}) as RolloutStatus;
  const hash = templateHash(spec.template).replace(/[^a-z0-9]/g, '');
  const templateSeen = status.observedGeneration === String(rollout.metadata.generation);
  let next: RolloutStatus = { ...status };
  if (!templateSeen) {
    const owned = server
      .list('ReplicaSet', namespace)
      .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === rollout.metadata.uid));
    const newest = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)));
    const existing = owned.find((rs) => rs.metadata.labels?.[HASH] === hash);
    if (!existing || Number(existing.metadata.annotations?.[REVISION]) !== newest) {
      const template = structuredClone(spec.template);
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH]: hash } };
      server.put({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: existing?.metadata.name ?? `${rollout.metadata.name}-${hash}`,
          namespace,
          labels: { ...spec.template.metadata?.labels, [HASH]: hash },
          annotations: { [REVISION]: String(newest + 1) },
          ownerReferences: [
            {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'Rollout',
              name: rollout.metadata.name,
              uid: rollout.metadata.uid!,
              controller: true,
            },
          ] as never,
        },
        spec: {
          replicas: spec.replicas ?? 1,
          selector: { matchLabels: { ...spec.selector.matchLabels, [HASH]: hash } },
          template,
        },
      });
    }
    next = { ...next, observedGeneration: String(rollout.metadata.generation), currentPodHash: hash };
    if (status.stableRS === undefined || status.stableRS === hash)
      next = { ...next, stableRS: hash, abort: false, phase: 'Healthy', message: '' };
    else next = { ...next, phase: 'Paused', message: 'CanaryPauseStep' };
  } else if (status.abort && status.phase !== 'Degraded' && status.currentPodHash !== status.stableRS) {
    next = {
      ...next,
      phase: 'Degraded',
      message: `RolloutAborted: Rollout aborted update to revision of ${status.currentPodHash ?? ''}`,
    };
  }
  if (JSON.stringify(next) !== JSON.stringify(status)) server.put({ ...rollout, status: next });
}

/** An Argo Rollout as a test sets it up: a canary with a pause, its pod template labelled with the release. */
export function rolloutFixture(name: string, namespace: string, release: string, image: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'ripcord.dev/release': release } },
        spec: { containers: [{ name: 'model', image }] },
      },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    },
  };
}
