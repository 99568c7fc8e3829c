/**
 * A Deployment's revisions as `kubectl rollout history` and `rollout undo --to-revision` see them:
 * the ReplicaSets the Deployment controls, each with its `deployment.kubernetes.io/revision`
 * annotation and pod template. The revision that serves a release is the one named for it
 * (`revisions` in the spec, recorded when the release was created) or else the newest whose pod
 * template carries the release label (`ripcord.dev/release: <release>`), so the target of a
 * rollback is known before any incident.
 */
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** The numbers a reused ReplicaSet held before (`kubectl rollout undo` moves a revision to the top). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
const HASH_LABEL = 'pod-template-hash';

/** Where a controller records a ReplicaSet's revision and template hash (Argo Rollouts uses its own keys). */
export interface HistoryKeys {
  revisionAnnotation: string;
  hashLabel: string;
}
export const DEPLOYMENT_KEYS: HistoryKeys = {
  revisionAnnotation: REVISION_ANNOTATION,
  hashLabel: HASH_LABEL,
};
/** Annotations kubectl's rollback leaves on the Deployment rather than copying from the ReplicaSet. */
const NOT_COPIED = new Set([
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'kubectl.kubernetes.io/last-applied-configuration',
]);

export interface Revision {
  revision: number;
  replicaSet: V1ReplicaSet;
  /** The pod template as the Deployment would hold it (without the controller's hash label). */
  template: V1PodTemplateSpec;
  release: string | undefined;
  /** Revision numbers this ReplicaSet held before a rollback made it current again. */
  former: number[];
}

export const revisionNumber = (
  object: { metadata?: { annotations?: Record<string, string> } },
  keys: HistoryKeys = DEPLOYMENT_KEYS,
): number => Number(object.metadata?.annotations?.[keys.revisionAnnotation] ?? 0);

export function withoutHash(
  template: V1PodTemplateSpec | undefined,
  keys: HistoryKeys = DEPLOYMENT_KEYS,
): V1PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[keys.hashLabel];
  }
  return copy;
}

/** The Deployment's revisions, newest first. */
export function revisions(
  owner: { metadata?: { uid?: string | undefined } | undefined },
  replicaSets: readonly V1ReplicaSet[],
  releaseLabel: string,
  keys: HistoryKeys = DEPLOYMENT_KEYS,
): Revision[] {
  const uid = owner.metadata?.uid;
  return replicaSets
    .filter((rs) => rs.metadata?.ownerReferences?.some((ref) => ref.controller && ref.uid === uid))
    .map((replicaSet) => {
      const template = withoutHash(replicaSet.spec?.template, keys);
      return {
        revision: revisionNumber(replicaSet, keys),
        replicaSet,
        template,
        release: template.metadata?.labels?.[releaseLabel],
        former: (replicaSet.metadata?.annotations?.[REVISION_HISTORY_ANNOTATION] ?? '')
          .split(',')
          .map(Number)
          .filter((n) => n > 0),
      };
    })
    .filter((r) => r.revision > 0)
    .sort((a, b) => b.revision - a.revision);
}

/** The revision that serves `release`, or a sentence saying why there is none. */
export function revisionFor(
  history: readonly Revision[],
  release: string,
  pinned: Readonly<Record<string, number>>,
  releaseLabel: string,
): Revision | string {
  const wanted = pinned[release];
  if (wanted !== undefined) {
    // A revision rolled back to earlier is the same ReplicaSet under a newer number.
    return (
      history.find((r) => r.revision === wanted || r.former.includes(wanted)) ??
      `revision ${wanted} recorded for release "${release}" is no longer in the history (revisionHistoryLimit?); available: ${history.map((r) => r.revision).join(', ') || 'none'}`
    );
  }
  return (
    history.find((r) => r.release === release) ??
    `no revision runs release "${release}": label its pod template ${releaseLabel}=${release} or record its revision under revisions`
  );
}

/** Stable JSON for comparing templates (the API may reorder keys). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

export const sameTemplate = (
  a: V1PodTemplateSpec | undefined,
  b: V1PodTemplateSpec | undefined,
  keys: HistoryKeys = DEPLOYMENT_KEYS,
): boolean =>
  JSON.stringify(canonical(withoutHash(a, keys))) === JSON.stringify(canonical(withoutHash(b, keys)));

/** The Deployment's annotations after a rollback to `target`: kubectl copies the ReplicaSet's, keeping its own for the skipped keys. */
export function rolledBackAnnotations(deployment: V1Deployment, target: Revision): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata?.annotations ?? {}))
    if (NOT_COPIED.has(k)) result[k] = v;
  for (const [k, v] of Object.entries(target.replicaSet.metadata?.annotations ?? {}))
    if (!NOT_COPIED.has(k)) result[k] = v;
  return result;
}
