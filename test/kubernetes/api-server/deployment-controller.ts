/**
 * What the Deployment controller does that ripcord relies on, as a reaction of the contract
 * server: a changed pod template gets a ReplicaSet (an existing one whose template matches, found
 * by its `pod-template-hash` label, is reused and moves to the newest revision, which is how
 * `kubectl rollout undo` makes an old revision current), the Deployment's
 * `deployment.kubernetes.io/revision` annotation follows, and its status reports the rollout as
 * kubectl rollout status reads it: observedGeneration, updated / available replicas, and the
 * Progressing condition.
 */
import { createHash } from 'node:crypto';
import { canonical } from './canonical.js';
import type { ContractApiServer, KubeObject, Reaction } from './contract-api-server.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

const formerRevisions = (rs: KubeObject): string =>
  [rs.metadata.annotations?.[REVISION_HISTORY], rs.metadata.annotations?.[REVISION]]
    .filter(Boolean)
    .join(',');
const HASH = 'pod-template-hash';

/** How the pods of a new revision behave: come up, or never become available. */
export type PodBehaviour = 'available' | 'unavailable' | 'deadline-exceeded';

interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels?: Record<string, string> };
  template: { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>;
}

export function templateHash(template: unknown): string {
  const copy = structuredClone(template) as DeploymentSpec['template'];
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH];
  return createHash('sha256')
    .update(JSON.stringify(canonical(copy)))
    .digest('hex')
    .slice(0, 10);
}

const revisionOf = (o: KubeObject): number => Number(o.metadata.annotations?.[REVISION] ?? 0);

export function deploymentController(behaviour: () => PodBehaviour = () => 'available'): Reaction {
  return ({ type, object, resource }, server) => {
    if (resource.kind !== 'Deployment' || type === 'DELETED') return;
    const current = server.get('Deployment', object.metadata.namespace ?? 'default', object.metadata.name);
    if (!current) return;
    const status = (current.status ?? {}) as { observedGeneration?: number };
    if (status.observedGeneration === current.metadata.generation) return;
    reconcile(server, current, behaviour());
  };
}

function reconcile(server: ContractApiServer, deployment: KubeObject, behaviour: PodBehaviour): void {
  const namespace = deployment.metadata.namespace ?? 'default';
  const spec = deployment.spec as DeploymentSpec;
  const hash = templateHash(spec.template);
  const owned = server
    .list('ReplicaSet', namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((ref) => ref.uid === deployment.metadata.uid));
  const newest = Math.max(0, ...owned.map(revisionOf));
  const existing = owned.find((rs) => rs.metadata.labels?.[HASH] === hash);
  const replicas = spec.replicas ?? 1;
  let revision = newest;
  if (!existing || revisionOf(existing) !== newest) {
    revision = newest + 1;
    const template = structuredClone(spec.template);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH]: hash } };
    server.put({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: existing?.metadata.name ?? `${deployment.metadata.name}-${hash}`,
        namespace,
        labels: { ...spec.template.metadata?.labels, [HASH]: hash },
        annotations: {
          ...existing?.metadata.annotations,
          [REVISION]: String(revision),
          // A reused ReplicaSet keeps its former revision numbers, as the Deployment controller does.
          ...(existing ? { [REVISION_HISTORY]: formerRevisions(existing) } : {}),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: deployment.metadata.name,
            uid: deployment.metadata.uid!,
            controller: true,
          },
        ] as never,
      },
      spec: {
        replicas,
        selector: { matchLabels: { ...spec.selector.matchLabels, [HASH]: hash } },
        template,
      },
    });
  }
  const available = behaviour === 'available' ? replicas : 0;
  server.put({
    ...deployment,
    metadata: {
      ...deployment.metadata,
      annotations: { ...deployment.metadata.annotations, [REVISION]: String(revision) },
    },
    status: {
      observedGeneration: deployment.metadata.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: available,
      availableReplicas: available,
      unavailableReplicas: replicas - available,
      conditions: [
        {
          type: 'Progressing',
          status: behaviour === 'deadline-exceeded' ? 'False' : 'True',
          reason:
            behaviour === 'deadline-exceeded'
              ? 'ProgressDeadlineExceeded'
              : behaviour === 'available'
                ? 'NewReplicaSetAvailable'
                : 'ReplicaSetUpdated',
          message: `ReplicaSet "${deployment.metadata.name}-${hash}" ${behaviour === 'available' ? 'has successfully progressed' : 'is progressing'}.`,
        },
        {
          type: 'Available',
          status: available >= replicas ? 'True' : 'False',
          reason: available >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        },
      ],
    },
  });
}

/** A Deployment as a test sets it up: `replicas` pods of `release`, its pod template labelled with the release. */
export function deploymentFixture(
  name: string,
  namespace: string,
  release: string,
  image: string,
  replicas = 3,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'ripcord.dev/release': release } },
        spec: { containers: [{ name: 'model', image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}
