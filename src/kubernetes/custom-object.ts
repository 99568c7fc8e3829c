/**
 * One namespaced custom object a router drives (a VirtualService, an HTTPRoute, an Argo Rollout):
 * read it, merge-patch it or its status subresource, each call named in its errors and abortable.
 */
import { abortable } from './abortable.js';
import type { KubeClient } from './kube-client.js';
import { kubeCall } from './kube-errors.js';
import { POLICY_REVISION_ANNOTATION } from './route-weights.js';

export interface CustomObjectRef {
  group: string;
  version: string;
  plural: string;
  namespace: string;
  name: string;
}

export interface CustomObject {
  /** `virtualservices.networking.istio.io recsys in ml-serving`, for errors. */
  readonly describe: string;
  get<T>(signal?: AbortSignal): Promise<T>;
  /** A JSON merge patch; `status` writes the status subresource. */
  mergePatch(body: object, signal: AbortSignal, options?: { status?: boolean }): Promise<void>;
}

export function customObject(client: KubeClient, ref: CustomObjectRef): CustomObject {
  const describe = `${ref.plural}.${ref.group} ${ref.name} in ${ref.namespace}`;
  return {
    describe,
    async get<T>(signal?: AbortSignal): Promise<T> {
      return (await abortable(
        kubeCall(`get ${describe}`, () => client.custom.getNamespacedCustomObject(ref)),
        signal ?? new AbortController().signal,
      )) as T;
    },
    async mergePatch(body: object, signal: AbortSignal, options: { status?: boolean } = {}): Promise<void> {
      const status = options.status === true;
      await abortable(
        kubeCall(
          `patch ${ref.plural}.${ref.group}${status ? '/status' : ''} ${ref.name} in ${ref.namespace}`,
          () =>
            status
              ? client.custom.patchNamespacedCustomObjectStatus({ ...ref, body }, client.patchAs('merge'))
              : client.custom.patchNamespacedCustomObject({ ...ref, body }, client.patchAs('merge')),
        ),
        signal,
      );
    },
  };
}

export interface AnnotatedObject {
  metadata: { resourceVersion?: string; generation?: number; annotations?: Record<string, string> };
}

/** The traffic-policy revision a router last recorded on the object (0 when none). */
export function policyRevisionOf(object: AnnotatedObject): number {
  return Number(object.metadata.annotations?.[POLICY_REVISION_ANNOTATION] ?? 0);
}
