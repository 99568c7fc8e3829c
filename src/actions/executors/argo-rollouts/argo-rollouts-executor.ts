/**
 * Rolls an Argo Rollout back as `kubectl argo rollouts abort` then `undo --to-revision=N` do:
 * the update is aborted (`status.abort: true` through the status subresource, so Argo sends all
 * traffic back to the stable ReplicaSet at once), then the pod template of revision N's
 * ReplicaSet (`rollout.argoproj.io/revision`) becomes the Rollout's, with the resourceVersion it
 * was read at. Argo then recognises its stable template and finishes without a new canary (a
 * "fast rollback"); ripcord waits until the Rollout is Healthy on that template.
 *
 * Idempotent: a Rollout already on the target's template is not written again. Honest: an undo
 * written whose Rollout does not become Healthy in time fails the step saying what was written.
 */
import type { V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { parseDuration } from '../../../core/duration.js';
import { abortable } from '../../../kubernetes/abortable.js';
import { lazyKubeClient, type KubeClientSource } from '../../../kubernetes/kube-client.js';
import { kubeCall } from '../../../kubernetes/kube-errors.js';
import { retryOnConflict } from '../../../kubernetes/retry-on-conflict.js';
import { waitFor, type Progress } from '../../../kubernetes/wait-for.js';
import type { ActionContext, Executor, PlannedAction } from '../executor.js';
import {
  revisionFor,
  revisions,
  sameTemplate,
  type HistoryKeys,
  type Revision,
} from '../kubernetes-deployment/deployment-history.js';
import type { ArgoRolloutsExecutorSpec } from './argo-rollouts-spec.js';

const KEYS: HistoryKeys = {
  revisionAnnotation: 'rollout.argoproj.io/revision',
  hashLabel: 'rollouts-pod-template-hash',
};
const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const PLURAL = 'rollouts';

export type ArgoRolloutsExecutorOptions = Omit<
  ArgoRolloutsExecutorSpec,
  'kind' | 'name' | 'releaseLabel' | 'revisions' | 'timeout'
> &
  Partial<Pick<ArgoRolloutsExecutorSpec, 'name' | 'releaseLabel' | 'revisions' | 'timeout'>>;

interface ArgoRollout {
  metadata: { name?: string; uid?: string; resourceVersion?: string; generation?: number };
  spec: { selector?: { matchLabels?: Record<string, string> }; template?: V1PodTemplateSpec } & Record<
    string,
    unknown
  >;
  status?: { abort?: boolean; phase?: string; message?: string; currentPodHash?: string; stableRS?: string };
}

/** Healthy on the target's ReplicaSet: Argo's own phase, and stable = current = the target's hash. */
function judgeFor(targetHash: string | undefined) {
  return (rollout: ArgoRollout): Progress => {
    const status = rollout.status ?? {};
    if (status.currentPodHash === targetHash && status.stableRS === targetHash && status.phase === 'Healthy')
      return {
        state: 'done',
        message: `rollout "${rollout.metadata.name ?? ''}" is Healthy on ${targetHash ?? '?'}`,
      };
    return {
      state: 'waiting',
      message: `phase ${status.phase ?? 'unknown'}${status.message ? `: ${status.message}` : ''}`,
    };
  };
}

export function createArgoRolloutsExecutor(
  kube: KubeClientSource,
  options: ArgoRolloutsExecutorOptions,
): Executor {
  const name = options.rollout;
  const executorName = `argo-rollouts:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${name}`}`;
  // Built (and the library loaded) by the first plan, apply or verify.
  const { ready, client } = lazyKubeClient(kube);
  const ns = (): string => options.namespace ?? client().namespace;
  const releaseLabel = options.releaseLabel ?? 'ripcord.dev/release';
  const deadlineMs = parseDuration('timeout', options.timeout ?? '5m');
  const ref = () => ({ group: GROUP, version: VERSION, namespace: ns(), plural: PLURAL, name });

  const read = async (context: ActionContext, signal: AbortSignal) => {
    await ready();
    const namespace = ns();
    const rollout = (await abortable(
      kubeCall(`get ${PLURAL}.${GROUP} ${name} in ${namespace}`, () =>
        client().custom.getNamespacedCustomObject(ref()),
      ),
      signal,
    )) as ArgoRollout;
    const selector = Object.entries(rollout.spec.selector?.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const replicaSets = await abortable(
      kubeCall(`list replicasets.apps in ${namespace}`, () =>
        client().apps.listNamespacedReplicaSet({
          namespace,
          ...(selector ? { labelSelector: selector } : {}),
        }),
      ),
      signal,
    );
    const target = revisionFor(
      revisions(rollout, replicaSets.items, releaseLabel, KEYS),
      context.target,
      options.revisions ?? {},
      releaseLabel,
    );
    if (typeof target === 'string') throw new Error(`${executorName}: ${target}`);
    return { rollout, target, onTarget: sameTemplate(rollout.spec.template, target.template, KEYS) };
  };

  const hashOf = (target: Revision): string | undefined =>
    (target.replicaSet as V1ReplicaSet).metadata?.labels?.[KEYS.hashLabel];

  return {
    name: executorName,

    async plan(context, signal): Promise<PlannedAction> {
      signal.throwIfAborted();
      const { rollout, target, onTarget } = await read(context, signal);
      const detail = {
        namespace: ns(),
        rollout: name,
        targetRevision: target.revision,
        release: context.target,
        phase: rollout.status?.phase,
      };
      return onTarget
        ? {
            changes: false,
            summary: `rollout ${ns()}/${name} already runs revision ${target.revision}'s template (release ${context.target}), phase ${rollout.status?.phase ?? 'unknown'}`,
            detail,
          }
        : {
            changes: true,
            summary: `rollout ${ns()}/${name}: ${rollout.status?.abort ? '' : 'abort the update, then '}undo to revision ${target.revision} (release ${context.target}); wait up to ${options.timeout ?? '5m'} for Healthy`,
            detail,
          };
    },

    async apply(context, signal) {
      signal.throwIfAborted();
      await ready();
      const namespace = ns();
      let aborted = false;
      let undone: Revision | undefined;
      const action = `replace ${PLURAL}.${GROUP} ${name} in ${namespace}`;
      const result = await retryOnConflict(
        async () => {
          const situation = await read(context, signal);
          if (situation.onTarget) return situation;
          signal.throwIfAborted();
          if (!situation.rollout.status?.abort) {
            await abortable(
              kubeCall(`abort ${PLURAL}.${GROUP} ${name} in ${namespace}`, () =>
                client().custom.patchNamespacedCustomObjectStatus(
                  { ...ref(), body: { status: { abort: true } } },
                  client().patchAs('merge'),
                ),
              ),
              signal,
            );
            aborted = true;
          }
          const body = {
            ...situation.rollout,
            spec: { ...situation.rollout.spec, template: situation.target.template },
          };
          const replaced = (await abortable(
            kubeCall(action, () => client().custom.replaceNamespacedCustomObject({ ...ref(), body })),
            signal,
          )) as ArgoRollout;
          undone = situation.target;
          return { ...situation, rollout: replaced };
        },
        { signal, action },
      );
      const detail = {
        namespace,
        rollout: name,
        aborted,
        ...(undone ? { toRevision: undone.revision } : {}),
        release: context.target,
      };
      try {
        await waitFor(client(), {
          path: `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}`,
          name,
          initial: result.rollout,
          judge: judgeFor(hashOf(result.target)),
          deadlineMs,
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new Error(
          `${executorName}: ${aborted ? 'aborted and ' : ''}${undone ? `undone to revision ${undone.revision}` : 'already on the target template'} (release ${context.target}) but not Healthy: ${(error as Error).message}`,
        );
      }
      return { changed: undone !== undefined || aborted, detail };
    },

    async verify(context, signal) {
      const { rollout, target, onTarget } = await read(context, signal);
      const progress = judgeFor(hashOf(target))(rollout);
      return {
        ok: onTarget && progress.state === 'done',
        message: onTarget
          ? `rollout ${ns()}/${name} on release ${context.target}: ${progress.message}`
          : `rollout ${ns()}/${name} is not on release ${context.target}'s template`,
      };
    },
  };
}
