import { afterEach, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import { createDeploymentExecutor } from '../../src/actions/executors/kubernetes-deployment/deployment-executor.js';
import { deploymentFixture, REVISION } from './api-server/deployment-controller.js';
import {
  kubeExecutorHarness,
  kubeFixture,
  rollTemplateOut,
  NAMESPACE,
  type KubeFixture,
} from './kube-fixture.js';
import { live, rollbackContext } from '../support/action-context.js';

const context = rollbackContext({ reason: 'error rate 6.1 % vs 0.3 %' });

/** recsys at revision 1 (release v1), then revision 2 (release v2): the bad release is live. */
async function deployedTwice(): Promise<KubeFixture> {
  const kube = await kubeFixture();
  kube.server.put(deploymentFixture('recsys', NAMESPACE, 'recsys-v1', 'registry.example/recsys:1.0'));
  await kube.settle();
  await rollTemplateOut(kube, 'Deployment', 'recsys-v2', 'registry.example/recsys:2.0');
  return kube;
}

const templateOf = (kube: KubeFixture) =>
  (
    kube.server.get('Deployment', NAMESPACE, 'recsys')!.spec as {
      template: { metadata: { labels: Record<string, string> } };
    }
  ).template;

runExecutorContract('kubernetes-deployment executor', async () => {
  const kube = await deployedTwice();
  return kubeExecutorHarness(
    kube,
    createDeploymentExecutor(kube.client, { deployment: 'recsys', timeout: '10s' }),
    context,
  );
});

describe('kubernetes-deployment executor', () => {
  let kube: KubeFixture;
  afterEach(async () => {
    expect(kube.server.rejected, 'every object ripcord wrote passes the published schema').toEqual([]);
    await kube.close();
  });

  it('rolls back to the revision labelled with the target, as kubectl rollout undo --to-revision does, and waits for it', async () => {
    kube = await deployedTwice();
    const executor = createDeploymentExecutor(kube.client, { deployment: 'recsys' });
    expect(executor.name).toBe('kubernetes-deployment:recsys');
    expect(await executor.plan(context, live())).toMatchObject({
      changes: true,
      summary: expect.stringContaining(
        'roll back to revision 1 (release recsys-v1), now at revision 2',
      ) as string,
    });
    const result = await executor.apply(context, live());
    expect(result).toEqual({
      changed: true,
      detail: {
        namespace: NAMESPACE,
        deployment: 'recsys',
        fromRevision: 2,
        toRevision: 1,
        release: 'recsys-v1',
        status: 'deployment "recsys" successfully rolled out',
      },
    });
    expect(templateOf(kube).metadata.labels['ripcord.dev/release']).toBe('recsys-v1');
    // The old ReplicaSet is reused and becomes the newest revision, as with kubectl.
    const replicaSets = kube.server.list('ReplicaSet', NAMESPACE);
    expect(replicaSets).toHaveLength(2);
    const v1 = replicaSets.find((rs) => rs.metadata.labels?.['ripcord.dev/release'] === 'recsys-v1')!;
    expect(v1.metadata.annotations?.[REVISION]).toBe('3');
    const put = kube.server.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe('/apis/apps/v1/namespaces/ml-serving/deployments/recsys');
    expect((put.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toMatch(/^\d+$/);
    expect(await executor.verify!(context, live())).toEqual({
      ok: true,
      message:
        'deployment ml-serving/recsys runs release recsys-v1: deployment "recsys" successfully rolled out',
    });
  });

  it('uses the revision recorded for the release over the label', async () => {
    kube = await deployedTwice();
    const executor = createDeploymentExecutor(kube.client, {
      deployment: 'recsys',
      revisions: { 'recsys-v1': 2 },
    });
    // Revision 2 is the current one: nothing to change.
    expect(await executor.plan(context, live())).toMatchObject({ changes: false });
    const stale = createDeploymentExecutor(kube.client, {
      deployment: 'recsys',
      revisions: { 'recsys-v1': 9 },
    });
    await expect(stale.apply(context, live())).rejects.toThrow(
      'kubernetes-deployment:recsys: revision 9 recorded for release "recsys-v1" is no longer in the history (revisionHistoryLimit?); available: 2, 1',
    );
  });

  it('recomputes and retries a write another writer beat (409 Conflict)', async () => {
    kube = await deployedTwice();
    kube.server.conflictsToInject = 2;
    const result = await createDeploymentExecutor(kube.client, { deployment: 'recsys' }).apply(
      context,
      live(),
    );
    expect(result.changed).toBe(true);
    expect(kube.server.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
  });

  it('gives up on conflicts after five attempts, naming the object', async () => {
    kube = await deployedTwice();
    kube.server.conflictsToInject = 5;
    await expect(
      createDeploymentExecutor(kube.client, { deployment: 'recsys' }).apply(context, live()),
    ).rejects.toThrow(
      'kubernetes: replace deployments.apps recsys in ml-serving (still conflicting after 5 attempts) failed: HTTP 409 Conflict: Operation cannot be fulfilled on deployments.apps "recsys": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('says the template was rolled back when the pods do not become available before the deadline', async () => {
    kube = await deployedTwice();
    kube.pods.behaviour = 'unavailable';
    const executor = createDeploymentExecutor(kube.client, { deployment: 'recsys', timeout: '300ms' });
    await expect(executor.apply(context, live())).rejects.toThrow(
      'kubernetes-deployment:recsys: pod template rolled back to revision 1 (release recsys-v1) but the rollout is not available: not done within 300 ms: 0 of 3 updated replicas are available',
    );
    expect(templateOf(kube).metadata.labels['ripcord.dev/release']).toBe('recsys-v1');
    expect(await executor.verify!(context, live())).toMatchObject({ ok: false });
  });

  it('fails at once when the Deployment exceeds its progress deadline', async () => {
    kube = await deployedTwice();
    kube.pods.behaviour = 'deadline-exceeded';
    await expect(
      createDeploymentExecutor(kube.client, { deployment: 'recsys', timeout: '1m' }).apply(context, live()),
    ).rejects.toThrow('but the rollout is not available: deployment "recsys" exceeded its progress deadline');
  });

  it('refuses a paused Deployment, and names a missing one or a release no revision runs', async () => {
    kube = await deployedTwice();
    const paused = kube.server.get('Deployment', NAMESPACE, 'recsys')!;
    (paused.spec as { paused?: boolean }).paused = true;
    kube.server.put(paused);
    await kube.settle();
    const executor = createDeploymentExecutor(kube.client, { deployment: 'recsys' });
    expect((await executor.plan(context, live())).summary).toContain('is paused');
    await expect(executor.apply(context, live())).rejects.toThrow(
      'you cannot roll back a paused deployment; resume it first (kubectl rollout resume deployment/recsys -n ml-serving)',
    );
    await expect(
      createDeploymentExecutor(kube.client, { deployment: 'nope' }).plan(context, live()),
    ).rejects.toThrow(
      'kubernetes: get deployments.apps nope in ml-serving failed: HTTP 404 NotFound: deployments.apps "nope" not found',
    );
    await expect(executor.plan({ ...context, target: 'recsys-v0' }, live())).rejects.toThrow(
      'no revision runs release "recsys-v0": label its pod template ripcord.dev/release=recsys-v0 or record its revision under revisions',
    );
  });
});
