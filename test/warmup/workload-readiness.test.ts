import { afterEach, describe, expect, it } from 'vitest';
import { rolloutRevisionReaders } from '../../src/server/revision-readers.js';
import { kubeWorkloadReadiness } from '../../src/kubernetes/workload-readiness.js';
import { deploymentFixture } from '../kubernetes/api-server/deployment-controller.js';
import { inferenceServiceFixture } from '../kubernetes/api-server/kserve.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from '../kubernetes/kube-fixture.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { warmHarness, type WarmHarness } from './warm-up-harness.js';

const example = { path: '/v1/models/recsys:predict', body: { instances: [{ user_id: 1 }] } };

describe('workload readiness through the contract API server', () => {
  let kube: KubeFixture;
  afterEach(async () => kube.close());

  it("reads a Deployment's ready replicas against spec.replicas", async () => {
    kube = await kubeFixture();
    kube.server.put(deploymentFixture('recsys', NAMESPACE, 'recsys-v1', 'registry.example/recsys:1.0', 3));
    await kube.settle();
    const reader = kubeWorkloadReadiness(async () => kube.client);
    expect(await reader.read({ kind: 'Deployment', name: 'recsys' })).toEqual({
      workload: `Deployment ${NAMESPACE}/recsys`,
      ready: 3,
      desired: 3,
      readyCondition: true,
      message: '3 of 3 replica(s) ready',
    });
  });

  it("reads an InferenceService's Ready condition, with KServe's reason", async () => {
    kube = await kubeFixture();
    const isvc = inferenceServiceFixture(NAMESPACE);
    (isvc.status as { conditions: unknown[] }).conditions = [
      { type: 'Ready', status: 'False', reason: 'RevisionMissing', message: 'predictor not ready' },
    ];
    kube.server.put(isvc);
    const reader = kubeWorkloadReadiness(async () => kube.client);
    expect(
      await reader.read({ kind: 'InferenceService', name: 'recsys', namespace: NAMESPACE }),
    ).toMatchObject({
      workload: `InferenceService ${NAMESPACE}/recsys`,
      ready: null,
      readyCondition: false,
      message: 'Ready=False (RevisionMissing: predictor not ready)',
    });
  });
});

for (const database of await testDatabases()) {
  describe(`minReadyReplicas at rollout start on ${database.name}`, () => {
    let h: WarmHarness;
    let kube: KubeFixture;
    afterEach(async () => {
      await h.close();
      await kube.close();
    });

    const start = (warmUp: Record<string, unknown>, executors: unknown[] = []) =>
      h.controller.startRollout(
        {
          name: 'recsys-v2',
          model: 'recsys',
          release: 'recsys-v2-enc5',
          rollbackTo: 'recsys-v1-enc4',
          canary: { steps: [{ setWeight: 10 }] },
          analysis: { triggers: ['hard: error rate > 5% for 30s'] },
          warmUp: { requests: 2, examples: [example], ...warmUp },
          executors: executors as never,
        },
        admin,
      );

    const setUp = async () => {
      kube = await kubeFixture();
      h = await warmHarness(database);
      // The harness's replayer, plus replicas read from the contract cluster.
      const deps = h.controller.deps;
      deps.warmUp = { ...deps.warmUp!, readiness: kubeWorkloadReadiness(async () => kube.client) };
      // The target's Deployment revision is recorded at start too (pre-staged rollback): same cluster.
      deps.revisionReaders = (rollout) =>
        rolloutRevisionReaders(rollout, { env: {}, kube: async () => kube.client });
    };

    it("counts the rollout's kubernetes-deployment step: too few ready replicas refuse the start", async () => {
      await setUp();
      kube.pods.behaviour = 'unavailable';
      kube.server.put(
        deploymentFixture('recsys', NAMESPACE, 'recsys-v1-enc4', 'registry.example/recsys:1.0', 3),
      );
      await kube.settle();
      await expect(
        start({ minReadyReplicas: 2 }, [
          { kind: 'kubernetes-deployment', name: 'recsys', deployment: 'recsys' },
        ]),
      ).rejects.toThrow(
        `refusing to start: rollback target "recsys-v1-enc4" is not warm (Deployment ${NAMESPACE}/recsys has 0 ready replica(s), fewer than 2)`,
      );
      kube.pods.behaviour = 'available';
      // Its pods come up: the next rollout of the Deployment makes all three ready.
      kube.server.put(
        deploymentFixture('recsys', NAMESPACE, 'recsys-v1-enc4', 'registry.example/recsys:1.1', 3),
      );
      await kube.settle();
      const doc = await start({ minReadyReplicas: 2 }, [
        { kind: 'kubernetes-deployment', name: 'recsys', deployment: 'recsys' },
      ]);
      expect(doc.status.warmTarget?.message).toMatch(/; Deployment ml-serving\/recsys 3\/3 ready$/);
    });

    it('names the workload problem: a missing Deployment, or no workload to count', async () => {
      await setUp();
      await expect(
        start({ minReadyReplicas: 1, workload: { kind: 'Deployment', name: 'gone' } }),
      ).rejects.toThrow(/not warm \(Deployment gone could not be read \(.*404.*\)\)/);
      await expect(start({ minReadyReplicas: 1 })).rejects.toThrow(
        'warmUp.minReadyReplicas: no workload to count; name one in warmUp.workload or add a kubernetes-deployment or kserve executor',
      );
    });
  });
}
