import { afterEach, describe, expect, it } from 'vitest';
import { clusterRouters, ClusterRoutesSchema } from '../../src/kubernetes/cluster-routes.js';
import type { TrafficPolicy } from '../../src/registry/traffic-policy.js';
import { committedPolicy } from '../support/committed-policy.js';
import { argoRolloutsRouter } from '../../src/traffic/argo-rollouts/argo-rollouts-router.js';
import { runTrafficRouterContract } from '../../src/traffic/traffic-router.contract.js';
import { TrafficNotAppliedError } from '../../src/traffic/traffic-router.js';
import type { ContractApiServer, KubeObject, Reaction } from './api-server/contract-api-server.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

interface Step {
  setWeight?: number;
  pause?: { duration?: string };
}
interface Status {
  currentStepIndex?: number;
  currentPodHash?: string;
  stableRS?: string;
  abort?: boolean;
  promoteFull?: boolean;
  phase?: string;
  pauseConditions?: { reason: string; startTime: string }[] | null;
  controllerPause?: boolean;
  canary?: { weights?: { canary: { weight: number }; stable: { weight: number }; verified?: boolean } };
}

/**
 * What Argo Rollouts' controller does with a canary's steps (docs/features/canary.md): from
 * `currentStepIndex` it applies `setWeight` steps and stops at a `pause: {}` (a CanaryPauseStep
 * pause condition) until the pause conditions are cleared; `abort` sends the weight to 0;
 * `promoteFull` makes the canary stable. The applied weight is reported in status.canary.weights.
 */
function argoSteps(): { reaction: Reaction; paused: boolean; reconcile(server: ContractApiServer): void } {
  const state = {
    paused: false,
    reaction: (({ type, object, resource }, server) => {
      if (state.paused || resource.kind !== 'Rollout' || type === 'DELETED') return;
      step(server, server.get('Rollout', NAMESPACE, object.metadata.name));
    }) as Reaction,
    reconcile(server: ContractApiServer) {
      state.paused = false;
      step(server, server.get('Rollout', NAMESPACE, 'fraud'));
    },
  };
  return state;
}

function step(server: ContractApiServer, rollout: KubeObject | undefined): void {
  if (!rollout) return;
  const steps = (rollout.spec as { strategy: { canary: { steps: Step[] } } }).strategy.canary.steps;
  const status = { ...((rollout.status ?? {}) as Status) };
  const weights = (canary: number) => ({
    canary: { weight: canary },
    stable: { weight: 100 - canary },
    verified: true,
  });
  const before = JSON.stringify(status);
  if (status.abort) {
    Object.assign(status, { phase: 'Degraded', canary: { weights: weights(0) } });
  } else if (status.promoteFull) {
    Object.assign(status, {
      promoteFull: undefined,
      stableRS: status.currentPodHash,
      currentStepIndex: steps.length,
      phase: 'Healthy',
      pauseConditions: null,
      canary: { weights: weights(100) },
    });
    delete status.promoteFull;
  } else if (!status.pauseConditions?.length) {
    let index = status.currentStepIndex ?? 0;
    let weight = status.canary?.weights?.canary.weight ?? 0;
    for (; index < steps.length; index++) {
      const s = steps[index]!;
      if (s.setWeight !== undefined) weight = s.setWeight;
      if (s.pause && s.pause.duration === undefined) {
        status.pauseConditions = [{ reason: 'CanaryPauseStep', startTime: new Date().toISOString() }];
        status.phase = 'Paused';
        break;
      }
    }
    Object.assign(status, { currentStepIndex: index, canary: { weights: weights(weight) } });
  }
  if (JSON.stringify(status) !== before) server.put({ ...rollout, status: status as never });
}

/** An Argo Rollout mid-canary: a new template (fraud-v2) on its first pause, v1 stable. */
function rollout(
  steps: Step[] = [10, 20, 30, 40, 50, 60, 70, 80, 90].flatMap((w) => [{ setWeight: w }, { pause: {} }]),
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'fraud', namespace: NAMESPACE },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'fraud' } },
      template: {
        metadata: { labels: { app: 'fraud', 'ripcord.dev/release': 'fraud-v2' } },
        spec: { containers: [{ name: 'model', image: 'registry.example.com/fraud:2' }] },
      },
      strategy: { canary: { steps } },
    },
    status: {
      currentPodHash: 'b7c9',
      stableRS: '5d4f',
      currentStepIndex: 1,
      phase: 'Paused',
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:00Z' }],
      canary: { weights: { canary: { weight: 10 }, stable: { weight: 90 }, verified: true } },
    } as never,
  };
}

const policyFor = (revision: number, weight: number, release = 'fraud-v2'): TrafficPolicy =>
  committedPolicy('fraud', revision, { weights: weight === 0 ? [] : [{ release, weight }] });

const models = { fraud: { rollout: 'fraud' } };

runTrafficRouterContract('argo-rollouts', async () => {
  const argo = argoSteps();
  const kube = await kubeFixture([argo.reaction]);
  kube.server.put(rollout());
  let revision = 0;
  return {
    subject: argoRolloutsRouter(kube.client, {
      models: { recsys: { rollout: 'fraud' } },
      deadlineMs: 300,
      pollMs: 10,
    }),
    commit: (model) => {
      revision += 1;
      return { ...policyFor(revision, Math.min(90, (revision + 1) * 10)), model };
    },
    lag: () => {
      argo.paused = true;
      return { laggard: `rollout ${NAMESPACE}/fraud`, catchUp: () => argo.reconcile(kube.server) };
    },
    close: async () => {
      expect(kube.server.rejected).toEqual([]);
      await kube.close();
    },
  };
});

describe('argo-rollouts router', () => {
  let kube: KubeFixture;
  afterEach(async () => {
    expect(kube.server.rejected, "every Rollout ripcord wrote passes Argo's schema").toEqual([]);
    await kube.close();
  });
  const status = () => kube.server.get('Rollout', NAMESPACE, 'fraud')!.status as Status;

  it('moves the canary to a later setWeight step through the status subresource, as `promote` does', async () => {
    kube = await kubeFixture([argoSteps().reaction]);
    kube.server.put(rollout());
    const router = argoRolloutsRouter(kube.client, { models, deadlineMs: 500, pollMs: 10 });
    await router.apply(policyFor(3, 40));
    await router.applied('fraud', 3);
    expect(status()).toMatchObject({ currentStepIndex: 7, canary: { weights: { canary: { weight: 40 } } } });
    const patches = kube.server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => [p.path, p.contentType])).toEqual([
      ['/apis/argoproj.io/v1alpha1/namespaces/ml-serving/rollouts/fraud', 'application/merge-patch+json'],
      [
        '/apis/argoproj.io/v1alpha1/namespaces/ml-serving/rollouts/fraud/status',
        'application/merge-patch+json',
      ],
    ]);
    expect(kube.server.get('Rollout', NAMESPACE, 'fraud')!.metadata.annotations).toEqual({
      'ripcord.dev/policy-revision': '3',
    });
    // The same policy again writes nothing.
    await router.apply(policyFor(3, 40));
    expect(kube.server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });

  it('rolls back to 0 % with an abort and promotes 100 % with promoteFull', async () => {
    kube = await kubeFixture([argoSteps().reaction]);
    kube.server.put(rollout());
    const router = argoRolloutsRouter(kube.client, { models, deadlineMs: 500, pollMs: 10 });
    await router.apply(policyFor(2, 0));
    await router.applied('fraud', 2);
    expect(status()).toMatchObject({
      abort: true,
      phase: 'Degraded',
      canary: { weights: { canary: { weight: 0 } } },
    });

    kube.server.put(rollout());
    const promoting = argoRolloutsRouter(kube.client, { models, deadlineMs: 500, pollMs: 10 });
    await promoting.apply(policyFor(5, 100));
    await promoting.applied('fraud', 5);
    expect(status()).toMatchObject({ phase: 'Healthy', stableRS: 'b7c9', currentPodHash: 'b7c9' });
  });

  it('refuses what Argo cannot do, naming the fix', async () => {
    kube = await kubeFixture([argoSteps().reaction]);
    kube.server.put(
      rollout([{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '1m' } as never }]),
    );
    const router = argoRolloutsRouter(kube.client, { models, deadlineMs: 100, pollMs: 10 });
    await expect(router.apply(policyFor(2, 25))).rejects.toThrow(
      'argo-rollouts: rollout ml-serving/fraud has no "setWeight: 25" step followed by "pause: {}"; add one to spec.strategy.canary.steps so Argo holds the canary at 25 % for ripcord',
    );
    await expect(router.apply(policyFor(2, 50))).rejects.toThrow(
      'has no "setWeight: 50" step followed by "pause: {}"',
    );
    await expect(router.apply(policyFor(2, 10, 'fraud-v3'))).rejects.toThrow(
      'argo-rollouts: rollout ml-serving/fraud runs release "fraud-v2" (label ripcord.dev/release), not "fraud-v3"; update its pod template first',
    );
    kube.server.put(rollout());
    const onward = argoRolloutsRouter(kube.client, { models, deadlineMs: 100, pollMs: 10 });
    await onward.apply(policyFor(3, 30));
    await expect(onward.apply(policyFor(4, 10))).rejects.toThrow(
      'argo-rollouts: rollout ml-serving/fraud is past its 10 % step (at step 5); Argo moves a canary forward only: roll back to 0 % (abort) instead',
    );
    await expect(onward.apply({ ...policyFor(5, 10), model: 'other' })).rejects.toThrow(
      'argo-rollouts: no Rollout configured for model "other"',
    );
  });

  it('fails applied when Argo reports another weight than the one asked', async () => {
    kube = await kubeFixture();
    kube.server.put(rollout());
    const router = argoRolloutsRouter(kube.client, { models, deadlineMs: 100, pollMs: 10 });
    await router.apply(policyFor(2, 30));
    const error = await router.applied('fraud', 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrafficNotAppliedError);
    expect((error as Error).message).toBe(
      'rollout ml-serving/fraud: not confirmed within 100 ms: Argo reports canary weight 10, not 30 (changed by another writer?)',
    );
  });

  it('is wired in `ripcord up --traffic-routes` under argoRollouts', async () => {
    kube = await kubeFixture([argoSteps().reaction]);
    kube.server.put(rollout());
    const routes = ClusterRoutesSchema.parse({ argoRollouts: { fraud: { rollout: 'fraud' } } });
    const routers = await clusterRouters(routes, async () => kube.client);
    expect(routers.get('fraud')?.name).toBe('argo-rollouts');
    expect(() =>
      ClusterRoutesSchema.parse({
        argoRollouts: { fraud: { rollout: 'fraud' } },
        istio: { fraud: { virtualService: 'fraud', host: 'fraud' } },
      }),
    ).toThrow(/is already routed by istio, gatewayApi or haproxy; give each model one route/);
  });
});
