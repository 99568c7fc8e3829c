/**
 * Argo Rollouts as a traffic router: a model's canary weight is the weight of an Argo `Rollout`
 * (argoproj.io/v1alpha1) whose traffic Argo routes. Argo has no field an outside writer sets a
 * weight in; it applies the weight of the canary step it stands on and reports what it applied in
 * `status.canary.weights` (weight verification). So ripcord moves the Rollout the way Argo's own
 * CLI does, through the status subresource:
 *
 * - weight w (0 < w < 100): to the `setWeight: w` step followed by `pause: {}` (where Argo then
 *   holds the canary until told), as `kubectl argo rollouts promote` moves to the next step
 *   (`pauseConditions: null`, `controllerPause: false`, `currentStepIndex`). Argo only moves a
 *   canary forward: a lower weight is refused, naming the fix (0 % is an abort).
 * - 0 %: `abort: true` (`kubectl argo rollouts abort`), all traffic back to stable.
 * - 100 %: `promoteFull: true` (`kubectl argo rollouts promote --full`).
 *
 * The policy revision is recorded in an annotation; `applied` reads the Rollout back and confirms
 * the revision and the weight Argo reports it applied (and verified, when Argo verifies weights).
 * Weights only: header routes, mirrors, regions and sticky sessions are refused by the controller.
 */
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import { confirmApplied } from '../../kubernetes/confirm-applied.js';
import { customObject, policyRevisionOf, type AnnotatedObject } from '../../kubernetes/custom-object.js';
import type { KubeClient } from '../../kubernetes/kube-client.js';
import { integerWeights, POLICY_REVISION_ANNOTATION } from '../../kubernetes/route-weights.js';
import { TrafficNotAppliedError, type TrafficRouter } from '../traffic-router.js';

export interface ArgoRolloutRoute {
  /** The Argo Rollout whose canary serves the model's candidate release. */
  rollout: string;
  namespace?: string | undefined;
}

export interface ArgoRolloutsRouterOptions {
  models: Readonly<Record<string, ArgoRolloutRoute>>;
  /** How long `applied` waits. @default 30000 (Argo reconciles on its own schedule) */
  deadlineMs?: number;
  /** Between read-backs. @default 500 */
  pollMs?: number;
}

/** The label on the Rollout's pod template naming the release it runs (as the argo-rollouts executor reads it). */
export const RELEASE_LABEL = 'ripcord.dev/release';

interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number };
}

interface ArgoRolloutObject extends AnnotatedObject {
  spec: {
    paused?: boolean;
    template?: { metadata?: { labels?: Record<string, string> } };
    strategy?: { canary?: { steps?: CanaryStep[] } };
  };
  status?: {
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    abort?: boolean;
    phase?: string;
    pauseConditions?: { reason: string }[] | null;
    canary?: { weights?: { canary?: { weight?: number }; stable?: { weight?: number }; verified?: boolean } };
  };
}

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const PLURAL = 'rollouts';

export function argoRolloutsRouter(client: KubeClient, options: ArgoRolloutsRouterOptions): TrafficRouter {
  const deadlineMs = options.deadlineMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  /** Model → the canary weight written for a revision, to confirm on read-back. */
  const written = new Map<string, { revision: number; weight: number }>();

  const target = (model: string) => {
    const route = options.models[model];
    if (!route) throw new TrafficNotAppliedError(`argo-rollouts: no Rollout configured for model "${model}"`);
    const namespace = route.namespace ?? client.namespace;
    const object = customObject(client, {
      group: GROUP,
      version: VERSION,
      plural: PLURAL,
      namespace,
      name: route.rollout,
    });
    return { object, label: `rollout ${namespace}/${route.rollout}` };
  };

  const read = (model: string, signal?: AbortSignal): Promise<ArgoRolloutObject> =>
    target(model).object.get<ArgoRolloutObject>(signal);

  const patch = (model: string, body: object, status: boolean, signal: AbortSignal): Promise<void> =>
    target(model).object.mergePatch(body, signal, { status });

  /** The canary's share of a policy: Argo has one canary, so at most one release besides the stable one. */
  const canaryWeight = (policy: TrafficPolicy): { weight: number; release?: string } => {
    const others = integerWeights(policy).filter((w) => w.release !== policy.stable && w.weight > 0);
    if (others.length > 1)
      throw new TrafficNotAppliedError(
        `argo-rollouts: the policy of "${policy.model}" splits traffic between ${others.length + 1} releases; an Argo Rollout has one canary`,
      );
    return others[0] ?? { weight: 0 };
  };

  /** What to write to bring `rollout` to `weight`, or undefined when it is there or on its way. */
  const move = (model: string, rollout: ArgoRolloutObject, weight: number): object | undefined => {
    const t = target(model);
    const status = rollout.status ?? {};
    const canaryRunning = status.currentPodHash !== undefined && status.currentPodHash !== status.stableRS;
    if (weight === 0) return canaryRunning && !status.abort ? { status: { abort: true } } : undefined;
    if (!canaryRunning && status.phase === 'Healthy') return undefined;
    if (weight === 100) return { status: { promoteFull: true } };
    const steps = rollout.spec.strategy?.canary?.steps ?? [];
    const index = steps.findIndex(
      (s, i) =>
        s.setWeight === weight &&
        steps[i + 1]?.pause !== undefined &&
        steps[i + 1]?.pause?.duration === undefined,
    );
    if (index < 0)
      throw new TrafficNotAppliedError(
        `argo-rollouts: ${t.label} has no "setWeight: ${weight}" step followed by "pause: {}"; add one to spec.strategy.canary.steps so Argo holds the canary at ${weight} % for ripcord`,
      );
    const current = status.currentStepIndex ?? 0;
    if (current > index + 1)
      throw new TrafficNotAppliedError(
        `argo-rollouts: ${t.label} is past its ${weight} % step (at step ${current}); Argo moves a canary forward only: roll back to 0 % (abort) instead`,
      );
    if (current >= index) return undefined;
    return { status: { pauseConditions: null, controllerPause: false, currentStepIndex: index } };
  };

  return {
    name: 'argo-rollouts',
    capabilities: { weights: true, regions: false, headerRoutes: false, mirror: false, sticky: false },

    async apply(policy: TrafficPolicy, signal?: AbortSignal): Promise<void> {
      const live = signal ?? new AbortController().signal;
      live.throwIfAborted();
      const t = target(policy.model);
      const { weight, release } = canaryWeight(policy);
      const rollout = await read(policy.model, live);
      const recorded = policyRevisionOf(rollout);
      // Never move a Rollout back to an older policy than it already carries.
      if (recorded > policy.revision) return;
      const runs = rollout.spec.template?.metadata?.labels?.[RELEASE_LABEL];
      if (release !== undefined && runs !== undefined && runs !== release)
        throw new TrafficNotAppliedError(
          `argo-rollouts: ${t.label} runs release "${runs}" (label ${RELEASE_LABEL}), not "${release}"; update its pod template first`,
        );
      const change = move(policy.model, rollout, weight);
      if (recorded !== policy.revision)
        await patch(
          policy.model,
          { metadata: { annotations: { [POLICY_REVISION_ANNOTATION]: String(policy.revision) } } },
          false,
          live,
        );
      if (change) {
        if (rollout.spec.paused) await patch(policy.model, { spec: { paused: false } }, false, live);
        await patch(policy.model, change, true, live);
      }
      written.set(policy.model, { revision: policy.revision, weight });
    },

    async applied(model: string, revision: number, signal?: AbortSignal): Promise<void> {
      const t = target(model);
      await confirmApplied({
        laggard: t.label,
        deadlineMs,
        pollMs,
        signal,
        check: async () => {
          const rollout = await read(model);
          const recorded = policyRevisionOf(rollout);
          if (recorded < revision) return `carries policy revision ${recorded}, not ${revision}`;
          const expected = written.get(model);
          if (!expected || expected.revision !== recorded) return undefined;
          const status = rollout.status ?? {};
          if (expected.weight === 100)
            return status.phase === 'Healthy' && status.stableRS === status.currentPodHash
              ? undefined
              : `not fully promoted yet (phase ${status.phase ?? 'unknown'})`;
          const weights = status.canary?.weights;
          const actual = weights?.canary?.weight ?? (status.abort ? undefined : 0);
          if (actual !== expected.weight)
            return `Argo reports canary weight ${actual ?? 'none'}, not ${expected.weight} (changed by another writer?)`;
          if (weights?.verified === false) return `Argo has not verified weight ${expected.weight} yet`;
          return undefined;
        },
      });
    },
  };
}
