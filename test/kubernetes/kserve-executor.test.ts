import { afterEach, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import { createKserveExecutor } from '../../src/actions/executors/kserve/kserve-executor.js';
import { kserveRevisionReader } from '../../src/actions/executors/kserve/kserve-revision-reader.js';
import { inferenceServiceFixture, kserveController } from './api-server/kserve.js';
import { kubeExecutorHarness, kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';
import { live, rollbackContext } from '../support/action-context.js';

const context = rollbackContext();

async function canary(): Promise<KubeFixture> {
  const kube = await kubeFixture([kserveController()]);
  kube.server.put(inferenceServiceFixture(NAMESPACE));
  await kube.settle();
  return kube;
}

const traffic = (kube: KubeFixture) =>
  (
    kube.server.get('InferenceService', NAMESPACE, 'recsys')!.status as {
      components: { predictor: { traffic: { revisionName: string; percent: number }[] } };
    }
  ).components.predictor.traffic.map((t) => `${t.revisionName} ${t.percent}`);

runExecutorContract('kserve executor', async () => {
  const kube = await canary();
  return kubeExecutorHarness(
    kube,
    createKserveExecutor(kube.client, { inferenceService: 'recsys', timeout: '10s' }),
    context,
  );
});

describe('kserve executor', () => {
  let kube: KubeFixture;
  afterEach(async () => {
    expect(kube.server.rejected).toEqual([]);
    await kube.close();
  });

  it('sets the canary to 0 % and waits until the previous revision serves all traffic', async () => {
    kube = await canary();
    expect(traffic(kube)).toEqual(['recsys-predictor-00002 10', 'recsys-predictor-00001 90']);
    const executor = createKserveExecutor(kube.client, {
      name: 'recsys',
      inferenceService: 'recsys',
      revisions: { 'recsys-v1': 'recsys-predictor-00001' },
    });
    expect((await executor.plan(context, live())).summary).toBe(
      'inferenceservice ml-serving/recsys: predictor canaryTrafficPercent 10 → 0, all traffic to recsys-predictor-00001 (release recsys-v1)',
    );
    expect(await executor.apply(context, live())).toEqual({
      changed: true,
      detail: {
        namespace: NAMESPACE,
        inferenceService: 'recsys',
        component: 'predictor',
        revision: 'recsys-predictor-00001',
        release: 'recsys-v1',
      },
    });
    expect(traffic(kube)).toEqual(['recsys-predictor-00002 0', 'recsys-predictor-00001 100']);
    const patch = kube.server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.contentType).toBe('application/merge-patch+json');
    expect(patch.body).toMatchObject({ spec: { predictor: { canaryTrafficPercent: 0 } } });
  });

  it('refuses to roll back to a previous revision that is not the one recorded for the target', async () => {
    kube = await canary();
    const executor = createKserveExecutor(kube.client, {
      inferenceService: 'recsys',
      revisions: { 'recsys-v1': 'recsys-predictor-00007' },
    });
    await expect(executor.apply(context, live())).rejects.toThrow(
      'kserve:recsys: the previous rolled-out revision is recsys-predictor-00001, not recsys-predictor-00007 recorded for release recsys-v1; roll back by hand or re-record the revision',
    );
    expect(kube.server.requests.some((r) => r.method === 'PATCH')).toBe(false);
  });
});

describe('kserve revision reader (pre-staged rollback)', () => {
  it('records the latest rolled-out revision for the target, a pinned one as pinned, and names the fix when there is none', async () => {
    const kube = await canary();
    try {
      const reader = kserveRevisionReader(kube.client, { name: 'isvc', inferenceService: 'recsys' });
      expect(reader.step).toBe('kserve:isvc');
      expect(await reader.read('recsys-v1', live())).toEqual({
        release: 'recsys-v1',
        revision: 'recsys-predictor-00001',
        source: `inferenceservice ${NAMESPACE}/recsys predictor revision recsys-predictor-00001 (latest rolled-out)`,
      });
      const pinned = kserveRevisionReader(kube.client, {
        inferenceService: 'recsys',
        revisions: { 'recsys-v1': 'recsys-predictor-00007' },
      });
      expect((await pinned.read('recsys-v1', live())).revision).toBe('recsys-predictor-00007');
      const missing = kserveRevisionReader(kube.client, { inferenceService: 'ranker' });
      await expect(missing.read('recsys-v1', live())).rejects.toThrow(/ranker.*404/);
      expect(kube.server.rejected).toEqual([]);
    } finally {
      await kube.close();
    }
  });
});
