/**
 * Rolls a KServe InferenceService's canary back: `canaryTrafficPercent: 0` on the component, as
 * KServe's canary rollout documentation prescribes for a rollback, so the previous rolled-out
 * revision (`status.components.<c>.previousRolledoutRevision`) takes all traffic. Written as a
 * JSON merge patch with the resourceVersion read; then ripcord waits until the status shows 100 %
 * on that revision and the InferenceService Ready.
 *
 * The previous revision is pre-staged: KServe records it when a new revision rolls out. With
 * `revisions` recorded per release, a previous revision that is not the target's is refused
 * rather than rolled back to. Idempotent: a component already at 0 % is not written again.
 */
import { parseDuration } from '../../../core/duration.js';
import { abortable } from '../../../kubernetes/abortable.js';
import { lazyKubeClient, type KubeClientSource } from '../../../kubernetes/kube-client.js';
import { kubeCall } from '../../../kubernetes/kube-errors.js';
import { retryOnConflict } from '../../../kubernetes/retry-on-conflict.js';
import { waitFor, type Progress } from '../../../kubernetes/wait-for.js';
import type { ActionContext, Executor, PlannedAction } from '../executor.js';
import type { KserveExecutorSpec } from './kserve-spec.js';

const GROUP = 'serving.kserve.io';
const VERSION = 'v1beta1';
const PLURAL = 'inferenceservices';

export type KserveExecutorOptions = Omit<
  KserveExecutorSpec,
  'kind' | 'name' | 'component' | 'revisions' | 'timeout'
> &
  Partial<Pick<KserveExecutorSpec, 'name' | 'component' | 'revisions' | 'timeout'>>;

interface ComponentStatus {
  latestReadyRevision?: string;
  latestRolledoutRevision?: string;
  previousRolledoutRevision?: string;
  traffic?: { revisionName?: string; percent?: number; latestRevision?: boolean; tag?: string }[];
}

interface InferenceService {
  metadata: { name?: string; resourceVersion?: string };
  spec: Record<string, { canaryTrafficPercent?: number } | undefined>;
  status?: {
    components?: Record<string, ComponentStatus | undefined>;
    conditions?: { type: string; status: string }[];
  };
}

export function createKserveExecutor(kube: KubeClientSource, options: KserveExecutorOptions): Executor {
  const name = options.inferenceService;
  const component = options.component ?? 'predictor';
  const executorName = `kserve:${options.name ?? `${options.namespace ? `${options.namespace}/` : ''}${name}`}`;
  // Built (and the library loaded) by the first plan, apply or verify.
  const { ready, client } = lazyKubeClient(kube);
  const ns = (): string => options.namespace ?? client().namespace;
  const ref = () => ({ group: GROUP, version: VERSION, namespace: ns(), plural: PLURAL, name });
  const deadlineMs = parseDuration('timeout', options.timeout ?? '5m');

  const read = async (context: ActionContext, signal: AbortSignal) => {
    await ready();
    const isvc = (await abortable(
      kubeCall(`get ${PLURAL}.${GROUP} ${name} in ${ns()}`, () =>
        client().custom.getNamespacedCustomObject(ref()),
      ),
      signal,
    )) as InferenceService;
    const status = isvc.status?.components?.[component] ?? {};
    const previous = status.previousRolledoutRevision;
    if (!isvc.spec[component]) throw new Error(`${executorName}: the InferenceService has no ${component}`);
    if (!previous)
      throw new Error(
        `${executorName}: no previous rolled-out revision of the ${component}: KServe has nothing to roll back to (was it ever updated?)`,
      );
    const recorded = options.revisions?.[context.target];
    if (recorded !== undefined && recorded !== previous)
      throw new Error(
        `${executorName}: the previous rolled-out revision is ${previous}, not ${recorded} recorded for release ${context.target}; roll back by hand or re-record the revision`,
      );
    return { isvc, previous, atZero: isvc.spec[component]?.canaryTrafficPercent === 0 };
  };

  const judge =
    (previous: string) =>
    (isvc: InferenceService): Progress => {
      const traffic = isvc.status?.components?.[component]?.traffic ?? [];
      const onPrevious = traffic.find((t) => t.revisionName === previous)?.percent ?? 0;
      const ready = isvc.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return onPrevious === 100 && ready
        ? { state: 'done', message: `100 % on ${previous}, Ready` }
        : { state: 'waiting', message: `${onPrevious} % on ${previous}${ready ? '' : ', not Ready'}` };
    };

  return {
    name: executorName,
    async plan(context, signal): Promise<PlannedAction> {
      signal.throwIfAborted();
      const { isvc, previous, atZero } = await read(context, signal);
      const detail = {
        namespace: ns(),
        inferenceService: name,
        component,
        previousRevision: previous,
        release: context.target,
      };
      const now = isvc.spec[component]?.canaryTrafficPercent;
      return atZero
        ? {
            changes: false,
            summary: `inferenceservice ${ns()}/${name}: ${component} canary already at 0 % (${judge(previous)(isvc).message})`,
            detail,
          }
        : {
            changes: true,
            summary: `inferenceservice ${ns()}/${name}: ${component} canaryTrafficPercent ${now ?? 'unset (100 % latest)'} → 0, all traffic to ${previous} (release ${context.target})`,
            detail,
          };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      await ready();
      let written = false;
      const action = `patch ${PLURAL}.${GROUP} ${name} in ${ns()}`;
      const { isvc, previous } = await retryOnConflict(
        async () => {
          const situation = await read(context, signal);
          if (situation.atZero) return situation;
          signal.throwIfAborted();
          const patched = (await abortable(
            kubeCall(action, () =>
              client().custom.patchNamespacedCustomObject(
                {
                  ...ref(),
                  body: {
                    metadata: { resourceVersion: situation.isvc.metadata.resourceVersion },
                    spec: { [component]: { canaryTrafficPercent: 0 } },
                  },
                },
                client().patchAs('merge'),
              ),
            ),
            signal,
          )) as InferenceService;
          written = true;
          return { ...situation, isvc: patched };
        },
        { signal, action },
      );
      const detail = {
        namespace: ns(),
        inferenceService: name,
        component,
        revision: previous,
        release: context.target,
      };
      try {
        await waitFor(client(), {
          path: `/apis/${GROUP}/${VERSION}/namespaces/${ns()}/${PLURAL}`,
          name,
          initial: isvc,
          judge: judge(previous),
          deadlineMs,
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new Error(
          `${executorName}: ${written ? 'canaryTrafficPercent set to 0' : 'canary already at 0 %'} but ${previous} does not serve all traffic: ${(error as Error).message}`,
        );
      }
      return { changed: written, detail };
    },
    async verify(context, signal) {
      const { isvc, previous, atZero } = await read(context, signal);
      const progress = judge(previous)(isvc);
      return {
        ok: atZero && progress.state === 'done',
        message: `inferenceservice ${ns()}/${name}: ${progress.message}`,
      };
    },
  };
}
