/**
 * The contract server answers as the Kubernetes API does, seen through the official client: what
 * the executor and router suites prove is only worth as much as this.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Watch } from '@kubernetes/client-node';
import { kubeStatus } from '../../src/kubernetes/kube-errors.js';
import { deploymentFixture } from './api-server/deployment-controller.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

let kube: KubeFixture;
afterEach(() => kube.close());

const vs = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'recsys', namespace: NAMESPACE },
  spec: {
    hosts: ['recsys'],
    http: [{ name: 'primary', route: [{ destination: { host: 'recsys', subset: 'v1' }, weight: 100 }] }],
  },
};
const vsRef = {
  group: 'networking.istio.io',
  version: 'v1',
  namespace: NAMESPACE,
  plural: 'virtualservices',
  name: 'recsys',
};

const failure = async (call: Promise<unknown>) =>
  kubeStatus(
    await call.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );

describe('contract API server', () => {
  it('answers a missing object with a 404 Status naming it', async () => {
    kube = await kubeFixture();
    const error: unknown = await kube.client.apps
      .readNamespacedDeployment({ name: 'nope', namespace: NAMESPACE })
      .catch((e: unknown) => e);
    expect((error as { code: number }).code).toBe(404);
    expect(JSON.parse((error as { body: string }).body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  it('refuses a replace carrying a stale resourceVersion with 409 Conflict, and bumps generation on spec changes only', async () => {
    kube = await kubeFixture();
    const created = kube.server.put(deploymentFixture('recsys', NAMESPACE, 'v1', 'img:1'));
    expect(created.metadata.generation).toBe(1);
    await kube.settle();
    const fresh = await kube.client.apps.readNamespacedDeployment({ name: 'recsys', namespace: NAMESPACE });
    const stale = {
      ...fresh,
      metadata: { ...fresh.metadata, resourceVersion: created.metadata.resourceVersion },
    };
    expect(
      await failure(
        kube.client.apps.replaceNamespacedDeployment({ name: 'recsys', namespace: NAMESPACE, body: stale }),
      ),
    ).toMatchObject({
      code: 409,
      reason: 'Conflict',
    });
    const labelled = { ...fresh, metadata: { ...fresh.metadata, labels: { app: 'recsys', team: 'ml' } } };
    const replaced = await kube.client.apps.replaceNamespacedDeployment({
      name: 'recsys',
      namespace: NAMESPACE,
      body: labelled,
    });
    expect(replaced.metadata?.generation).toBe(1);
  });

  it('applies JSON, merge and (on built-in kinds only) strategic merge patches by content type', async () => {
    kube = await kubeFixture();
    kube.server.put(deploymentFixture('recsys', NAMESPACE, 'v1', 'img:1'));
    kube.server.put(vs);
    const name = { name: 'recsys', namespace: NAMESPACE };
    await kube.client.apps.patchNamespacedDeployment(
      {
        ...name,
        body: { spec: { template: { spec: { containers: [{ name: 'model', image: 'img:2' }] } } } },
      },
      kube.client.patchAs('strategic'),
    );
    const merged = kube.server.get('Deployment', NAMESPACE, 'recsys')!.spec as {
      template: { spec: { containers: { image: string; ports?: unknown }[] } };
    };
    // Strategic merge keeps the container's ports: containers merge by name.
    expect(merged.template.spec.containers).toEqual([
      { name: 'model', image: 'img:2', ports: [{ containerPort: 8080 }] },
    ]);
    await kube.client.apps.patchNamespacedDeployment(
      { ...name, body: [{ op: 'replace', path: '/spec/replicas', value: 5 }] },
      kube.client.patchAs('json'),
    );
    expect((kube.server.get('Deployment', NAMESPACE, 'recsys')!.spec as { replicas: number }).replicas).toBe(
      5,
    );
    expect(
      await failure(
        kube.client.apps.patchNamespacedDeployment(
          { ...name, body: [{ op: 'test', path: '/spec/replicas', value: 3 }] },
          kube.client.patchAs('json'),
        ),
      ),
    ).toMatchObject({ code: 422 });
    await kube.client.custom.patchNamespacedCustomObject(
      { ...vsRef, body: { metadata: { labels: { a: 'b' } } } },
      kube.client.patchAs('merge'),
    );
    expect(kube.server.get('VirtualService', NAMESPACE, 'recsys')!.metadata.labels).toEqual({ a: 'b' });
    expect(
      await failure(
        kube.client.custom.patchNamespacedCustomObject(
          { ...vsRef, body: { spec: {} } },
          kube.client.patchAs('strategic'),
        ),
      ),
    ).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
    });
  });

  it('refuses an object its published schema rejects with 422 Invalid and the causes', async () => {
    kube = await kubeFixture();
    kube.server.put(vs);
    const status = await failure(
      kube.client.custom.patchNamespacedCustomObject(
        {
          ...vsRef,
          body: { spec: { http: [{ route: [{ destination: { host: 'recsys' }, weight: 'all' }] }] } },
        },
        kube.client.patchAs('merge'),
      ),
    );
    expect(status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(status?.message).toContain('spec.http.0.route.0.weight');
    expect(kube.server.rejected).toHaveLength(1);
  });

  it('refuses a request without the bearer token with 401', async () => {
    kube = await kubeFixture();
    const response = await fetch(`${kube.url}/apis/apps/v1/namespaces/${NAMESPACE}/deployments`).catch(
      (e: unknown) => e,
    );
    // Node's fetch does not trust the test CA: the refusal is proven through the client with a wrong token instead.
    expect(response).toBeInstanceOf(Error);
    kube.client.config.users[0] = { name: 'ripcord', token: 'wrong' } as never;
    expect(await failure(kube.client.apps.listNamespacedDeployment({ namespace: NAMESPACE }))).toMatchObject({
      code: 401,
    });
  });

  it('streams watch events from a resourceVersion, filtered by field selector', async () => {
    kube = await kubeFixture();
    const first = kube.server.put(deploymentFixture('recsys', NAMESPACE, 'v1', 'img:1'));
    kube.server.put(deploymentFixture('other', NAMESPACE, 'v1', 'img:1'));
    const seen: string[] = [];
    const watching = await new Watch(kube.client.config).watch(
      `/apis/apps/v1/namespaces/${NAMESPACE}/deployments`,
      { fieldSelector: 'metadata.name=recsys', resourceVersion: first.metadata.resourceVersion },
      (phase, object: { metadata: { name: string; annotations?: Record<string, string> } }) =>
        seen.push(
          `${phase} ${object.metadata.name} ${object.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '-'}`,
        ),
      () => undefined,
    );
    await kube.settle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    watching.abort();
    expect(seen).toContain('MODIFIED recsys 1');
    expect(seen.every((line) => line.includes(' recsys '))).toBe(true);
  });
});
