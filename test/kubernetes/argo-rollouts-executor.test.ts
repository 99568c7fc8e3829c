import { afterEach, describe, expect, it } from 'vitest';
import { createArgoRolloutsExecutor } from '../../src/actions/executors/argo-rollouts/argo-rollouts-executor.js';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import { argoRolloutsController, rolloutFixture } from './api-server/argo-rollouts-controller.js';
import {
  kubeExecutorHarness,
  kubeFixture,
  rollTemplateOut,
  NAMESPACE,
  type KubeFixture,
} from './kube-fixture.js';
import { live, rollbackContext } from '../support/action-context.js';

const context = rollbackContext();

/** v1 stable and Healthy; v2's canary paused at its first step: the state at 2:17. */
async function canaryPaused(): Promise<KubeFixture> {
  const kube = await kubeFixture([argoRolloutsController()]);
  kube.server.put(rolloutFixture('recsys', NAMESPACE, 'recsys-v1', 'registry.example/recsys:1'));
  await kube.settle();
  await rollTemplateOut(kube, 'Rollout', 'recsys-v2', 'registry.example/recsys:2');
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
  return kubeExecutorHarness(
    kube,
    createArgoRolloutsExecutor(kube.client, { rollout: 'recsys', timeout: '10s' }),
    context,
  );
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
