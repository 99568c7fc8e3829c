/**
 * Rolls a Kubernetes Deployment back to the revision that serves the rollback target, as
 * `kubectl rollout undo --to-revision=N` does (the ReplicaSet's pod template becomes the
 * Deployment's, with the ReplicaSet's annotations), then waits for the rollout to be available
 * within a deadline, as `kubectl rollout status --timeout` does.
 *
 * Idempotent: a Deployment already on the target's template is not written again (the wait still
 * runs, so a resumed step confirms availability). The write carries the resourceVersion it was
 * computed from and is recomputed on a 409 Conflict. Honest about partial failure: a template
 * written whose pods do not become available fails the step, saying the template was changed.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import { parseDuration } from '../../../core/duration.js';
import { abortable } from '../../../kubernetes/abortable.js';
import { lazyKubeClient, type KubeClientSource } from '../../../kubernetes/kube-client.js';
import { kubeCall, KubeApiError } from '../../../kubernetes/kube-errors.js';
import { retryOnConflict } from '../../../kubernetes/retry-on-conflict.js';
import { waitFor } from '../../../kubernetes/wait-for.js';
import type { ActionContext, Executor, PlannedAction } from '../executor.js';
import { readDeploymentHistory } from './read-history.js';
import {
  revisionFor,
  revisionNumber,
  rolledBackAnnotations,
  sameTemplate,
  type Revision,
} from './deployment-history.js';
import type { DeploymentExecutorSpec } from './deployment-spec.js';
import { rolloutStatus } from './rollout-status.js';

export type DeploymentExecutorOptions = Omit<
  DeploymentExecutorSpec,
  'kind' | 'name' | 'releaseLabel' | 'revisions' | 'timeout'
> &
  Partial<Pick<DeploymentExecutorSpec, 'name' | 'releaseLabel' | 'revisions' | 'timeout'>>;

interface Situation {
  deployment: V1Deployment;
  target: Revision;
  current: number;
}

/**
 * `client` may be a function: the client is then built at the first plan or apply (a control
 * plane with no cluster configured starts, and the step fails naming what is missing).
 */
export function createDeploymentExecutor(
  kube: KubeClientSource,
  options: DeploymentExecutorOptions,
): Executor {
  const name = options.deployment;
  const executorName = `kubernetes-deployment:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${name}`}`;
  // Built (and the library loaded) by the first plan, apply or verify.
  const { ready, client } = lazyKubeClient(kube);
  const ns = (): string => options.namespace ?? client().namespace;
  const releaseLabel = options.releaseLabel ?? 'ripcord.dev/release';
  const pinned = options.revisions ?? {};
  const deadlineMs = parseDuration('timeout', options.timeout ?? '5m');

  const read = async (context: ActionContext, signal: AbortSignal): Promise<Situation> => {
    await ready();
    const { deployment, history } = await readDeploymentHistory(client(), ns(), name, releaseLabel, signal);
    const target = revisionFor(history, context.target, pinned, releaseLabel);
    if (typeof target === 'string') throw new Error(`${executorName}: ${target}`);
    return { deployment, target, current: revisionNumber(deployment) };
  };

  const onTarget = ({ deployment, target }: Situation): boolean =>
    sameTemplate(deployment.spec?.template, target.template);

  const waitAvailable = async (deployment: V1Deployment, signal: AbortSignal): Promise<V1Deployment> =>
    waitFor(client(), {
      path: `/apis/apps/v1/namespaces/${ns()}/deployments`,
      name,
      initial: deployment,
      judge: rolloutStatus,
      deadlineMs,
      signal,
    });

  return {
    name: executorName,

    async plan(context, signal): Promise<PlannedAction> {
      signal.throwIfAborted();
      const situation = await read(context, signal);
      const { target, current, deployment } = situation;
      const namespace = ns();
      const where = `deployment ${namespace}/${name}`;
      const detail = {
        namespace,
        deployment: name,
        currentRevision: current,
        targetRevision: target.revision,
        release: context.target,
      };
      if (onTarget(situation))
        return {
          changes: false,
          summary: `${where} already runs the template of revision ${target.revision} (release ${context.target}); ${rolloutStatus(deployment).message}`,
          detail,
        };
      if (deployment.spec?.paused)
        return {
          changes: true,
          summary: `${where} is paused: the rollback will fail until it is resumed`,
          detail,
        };
      return {
        changes: true,
        summary: `${where}: roll back to revision ${target.revision} (release ${context.target}), now at revision ${current}; then wait up to ${options.timeout ?? '5m'} for it to be available`,
        detail,
      };
    },

    async apply(context, signal) {
      signal.throwIfAborted();
      await ready();
      const namespace = ns();
      let written: Situation | undefined;
      const deployment = await retryOnConflict(
        async () => {
          const situation = await read(context, signal);
          if (onTarget(situation)) return situation.deployment;
          if (situation.deployment.spec?.paused)
            throw new Error(
              `${executorName}: you cannot roll back a paused deployment; resume it first (kubectl rollout resume deployment/${name} -n ${namespace})`,
            );
          signal.throwIfAborted();
          const body: V1Deployment = {
            ...situation.deployment,
            metadata: {
              ...situation.deployment.metadata,
              annotations: rolledBackAnnotations(situation.deployment, situation.target),
            },
            spec: { ...situation.deployment.spec!, template: situation.target.template },
          };
          const replaced = await abortable(
            kubeCall(`replace deployments.apps ${name} in ${namespace}`, () =>
              client().apps.replaceNamespacedDeployment({ name, namespace, body }),
            ),
            signal,
          );
          written = situation;
          return replaced;
        },
        { signal, action: `replace deployments.apps ${name} in ${namespace}` },
      );
      const detail = {
        namespace,
        deployment: name,
        ...(written ? { fromRevision: written.current, toRevision: written.target.revision } : {}),
        release: context.target,
      };
      try {
        const done = await waitAvailable(deployment, signal);
        return { changed: written !== undefined, detail: { ...detail, status: rolloutStatus(done).message } };
      } catch (error) {
        if (signal.aborted) throw error;
        const why = error instanceof KubeApiError ? error.message : (error as Error).message;
        throw new Error(
          written
            ? `${executorName}: pod template rolled back to revision ${written.target.revision} (release ${context.target}) but the rollout is not available: ${why}`
            : `${executorName}: already on the template of release ${context.target} but the rollout is not available: ${why}`,
        );
      }
    },

    async verify(context, signal) {
      const situation = await read(context, signal);
      const where = `deployment ${ns()}/${name}`;
      const status = rolloutStatus(situation.deployment);
      const ok = onTarget(situation) && status.state === 'done';
      return {
        ok,
        message: onTarget(situation)
          ? `${where} runs release ${context.target}: ${status.message}`
          : `${where} does not run the template of release ${context.target} (revision ${situation.current})`,
      };
    },
  };
}
