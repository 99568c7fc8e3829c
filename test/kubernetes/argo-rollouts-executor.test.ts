import { afterEach, describe, expect, it } from 'vitest';
import { createArgoRolloutsExecutor } from '../../src/actions/executors/argo-rollouts/argo-rollouts-executor.js';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import type { ActionContext } from '../../src/actions/executors/executor.js';
import { argoRolloutsController, rolloutFixture } from './api-server/argo-rollouts-controller.js';
import { kubeFixture, NAMESPACE, TOKEN, type KubeFixture } from './kube-fixture.js';

const context: ActionContext = {
  eventId: 'evt_217',
  model: 'recsys',
  release: 'recsys-v2',
  target: 'recsys-v1',
  trigger: 'hard: error rate > 5% for 1m',
  reason: 'error rate 6.1 %',
  role: 'canary',
  actor: 'controller',
  decidedAt: Date.UTC(2026, 0, 1, 2, 17),
};
const live = (): AbortSignal => new AbortController().signal;

/** v1 stable and Healthy; v2's canary paused at its first step: the state at 2:17. */
async function canaryPaused(): Promise<KubeFixture> {
  const kube = await kubeFixture([argoRolloutsController()]);
  kube.server.put(rolloutFixture('recsys', NAMESPACE, 'recsys-v1', 'registry.example/recsys:1'));
  await kube.settle();
  const rollout = kube.server.get('Rollout', NAMESPACE, 'recsys')!;
  const template = (
    rollout.spec as {
      template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    }
  ).template;
  template.metadata.labels['ripcord.dev/release'] = 'recsys-v2';
  template.spec.containers[0]!.image = 'registry.example/recsys:2';
  kube.server.put(rollout);
  await kube.settle();
  return kube;
}

const status = (kube: KubeFixture) =>
  kube.server.get('Rollout', NAMESPACE, 'recsys')!.status as {
    phase: string;
    abort: boolean;
    stableRS: string;
    currentPodHash: string;
  };

runExecutorContract('argo-rollouts executor', async () => {
  const kube = await canaryPaused();
  return {
    subject: createArgoRolloutsExecutor(kube.client, { rollout: 'recsys', timeout: '10s' }),
    context,
    state: async () => {
      await kube.settle();
      return kube.server.snapshot();
    },
    secrets: [TOKEN],
    refuse: () => Promise.resolve(void (kube.server.conflictsToInject = 5)),
    close: () => kube.close(),
  };
});

describe('argo-rollouts executor', () => {
  let kube: KubeFixture;
  afterEach(async () => {
    expect(kube.server.rejected, 'every Rollout ripcord wrote passes the Argo Rollouts schema').toEqual([]);
    await kube.close();
  });

  it('aborts the canary, undoes to the revision of the target and waits for Healthy on the stable ReplicaSet', async () => {
    kube = await canaryPaused();
    expect(status(kube)).toMatchObject({ phase: 'Paused' });
    const executor = createArgoRolloutsExecutor(kube.client, { name: 'recsys', rollout: 'recsys' });
    expect((await executor.plan(context, live())).summary).toBe(
      'rollout ml-serving/recsys: abort the update, then undo to revision 1 (release recsys-v1); wait up to 5m for Healthy',
    );
    expect(await executor.apply(context, live())).toEqual({
      changed: true,
      detail: { namespace: NAMESPACE, rollout: 'recsys', aborted: true, toRevision: 1, release: 'recsys-v1' },
    });
    const statusPatch = kube.server.requests.find((r) => r.method === 'PATCH')!;
    expect(statusPatch).toMatchObject({
      path: '/apis/argoproj.io/v1alpha1/namespaces/ml-serving/rollouts/recsys/status',
      contentType: 'application/merge-patch+json',
      body: { status: { abort: true } },
    });
    expect(status(kube)).toMatchObject({ phase: 'Healthy', abort: false });
    expect(status(kube).currentPodHash).toBe(status(kube).stableRS);
    expect(await executor.verify!(context, live())).toMatchObject({ ok: true });
  });

  it('says what it wrote when the Rollout does not become Healthy in time', async () => {
    kube = await canaryPaused();
    // Another writer moved the stable ReplicaSet away: undoing to v1 now starts a canary that pauses.
    const rollout = kube.server.get('Rollout', NAMESPACE, 'recsys')!;
    kube.server.put({ ...rollout, status: { ...(rollout.status as object), stableRS: 'elsewhere' } });
    await kube.settle();
    await expect(
      createArgoRolloutsExecutor(kube.client, { rollout: 'recsys', timeout: '300ms' }).apply(context, live()),
    ).rejects.toThrow(
      /^argo-rollouts:recsys: aborted and undone to revision 1 \(release recsys-v1\) but not Healthy: not done within 300 ms: phase (Paused|Degraded)/,
    );
  });
});
