import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficPolicy } from '../../src/registry/traffic-policy.js';
import { committedPolicy } from '../support/committed-policy.js';
import { istioRouter } from '../../src/traffic/istio/istio-router.js';
import { runTrafficRouterContract } from '../../src/traffic/traffic-router.contract.js';
import { TrafficNotAppliedError } from '../../src/traffic/traffic-router.js';
import type { KubeObject, Reaction } from './api-server/contract-api-server.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

/** istiod's status reporting (PILOT_ENABLE_STATUS): marks each generation reconciled unless paused. */
function istiod(): { reaction: Reaction; paused: boolean; reconcile(kube: KubeFixture): void } {
  const state = {
    paused: false,
    reaction: (({ type, object, resource }, server) => {
      if (state.paused || resource.kind !== 'VirtualService' || type === 'DELETED') return;
      mark(server.get('VirtualService', NAMESPACE, object.metadata.name), server);
    }) as Reaction,
    reconcile(kube: KubeFixture) {
      state.paused = false;
      mark(kube.server.get('VirtualService', NAMESPACE, 'recsys'), kube.server);
    },
  };
  const mark = (vs: KubeObject | undefined, server: KubeFixture['server']): void => {
    if (
      !vs ||
      (vs.status as { observedGeneration?: number } | undefined)?.observedGeneration ===
        vs.metadata.generation
    )
      return;
    server.put({
      ...vs,
      status: {
        observedGeneration: vs.metadata.generation,
        conditions: [{ type: 'Reconciled', status: 'True' }],
      },
    });
  };
  return state;
}

function virtualService(): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'recsys', namespace: NAMESPACE },
    spec: {
      hosts: ['recsys.ml-serving.svc.cluster.local'],
      http: [
        {
          name: 'debug',
          match: [{ headers: { 'x-debug': { exact: '1' } } }],
          route: [{ destination: { host: 'recsys-debug' } }],
        },
        { name: 'primary', route: [{ destination: { host: 'recsys', subset: 'recsys-v1' }, weight: 100 }] },
      ],
    },
  };
}

const policyFor = (
  model: string,
  revision: number,
  weights: { release: string; weight: number }[] = [],
): TrafficPolicy => committedPolicy(model, revision, { weights });

const routes = {
  recsys: { virtualService: 'recsys', host: 'recsys', route: 'primary', waitForReconciled: true },
};

runTrafficRouterContract('istio', async () => {
  const status = istiod();
  const kube = await kubeFixture([status.reaction]);
  kube.server.put(virtualService());
  let revision = 0;
  return {
    subject: istioRouter(kube.client, { models: routes, deadlineMs: 300, pollMs: 10 }),
    commit: (model) => policyFor(model, (revision += 1), [{ release: `${model}-v2`, weight: revision * 10 }]),
    lag: () => {
      status.paused = true;
      return { laggard: `virtualservice ${NAMESPACE}/recsys`, catchUp: () => status.reconcile(kube) };
    },
    close: async () => {
      expect(kube.server.rejected).toEqual([]);
      await kube.close();
    },
  };
});

describe('istio router', () => {
  let kube: KubeFixture;
  afterEach(async () => {
    expect(kube.server.rejected, "every VirtualService ripcord wrote passes Istio's schema").toEqual([]);
    await kube.close();
  });

  const primary = () =>
    (
      kube.server.get('VirtualService', NAMESPACE, 'recsys')!.spec as {
        http: { name: string; route: unknown }[];
      }
    ).http;

  it('writes one weighted destination per release subset into the named route and leaves the others', async () => {
    kube = await kubeFixture();
    kube.server.put(virtualService());
    const router = istioRouter(kube.client, {
      models: { recsys: { ...routes.recsys, waitForReconciled: false, subsets: { 'recsys-v2': 'canary' } } },
    });
    await router.apply(policyFor('recsys', 4, [{ release: 'recsys-v2', weight: 12.5 }]));
    await router.applied('recsys', 4);
    const http = primary();
    expect(http[0]).toEqual(virtualService().spec && (virtualService().spec as { http: unknown[] }).http[0]);
    expect(http[1]).toEqual({
      name: 'primary',
      route: [
        { destination: { host: 'recsys', subset: 'recsys-v1' }, weight: 88 },
        { destination: { host: 'recsys', subset: 'canary' }, weight: 12 },
      ],
    });
    const patch = kube.server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.contentType).toBe('application/merge-patch+json');
    expect(patch.path).toBe('/apis/networking.istio.io/v1/namespaces/ml-serving/virtualservices/recsys');
    expect(kube.server.get('VirtualService', NAMESPACE, 'recsys')!.metadata.annotations).toEqual({
      'ripcord.dev/policy-revision': '4',
    });
  });

  it('writes nothing for a policy already carried, and never moves back to an older one', async () => {
    kube = await kubeFixture();
    kube.server.put(virtualService());
    const router = istioRouter(kube.client, { models: routes });
    await router.apply(policyFor('recsys', 5, [{ release: 'recsys-v2', weight: 50 }]));
    await router.apply(policyFor('recsys', 5, [{ release: 'recsys-v2', weight: 50 }]));
    await router.apply(policyFor('recsys', 3));
    expect(kube.server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(primary()[1]).toMatchObject({ route: [{ weight: 50 }, { weight: 50 }] });
  });

  it('recomputes on a 409 Conflict instead of overwriting a change it did not see', async () => {
    kube = await kubeFixture();
    kube.server.put(virtualService());
    kube.server.conflictsToInject = 1;
    await istioRouter(kube.client, { models: routes }).apply(
      policyFor('recsys', 2, [{ release: 'recsys-v2', weight: 10 }]),
    );
    const patches = kube.server.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    expect(kube.server.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('fails applied when another writer changed the weights after it', async () => {
    kube = await kubeFixture();
    kube.server.put(virtualService());
    const router = istioRouter(kube.client, { models: routes, deadlineMs: 100, pollMs: 10 });
    await router.apply(policyFor('recsys', 2, [{ release: 'recsys-v2', weight: 10 }]));
    const vs = kube.server.get('VirtualService', NAMESPACE, 'recsys')!;
    (vs.spec as { http: { route: { weight: number }[] }[] }).http[1]!.route[1]!.weight = 40;
    (vs.spec as { http: { route: { weight: number }[] }[] }).http[1]!.route[0]!.weight = 60;
    kube.server.put(vs);
    const error = await router.applied('recsys', 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrafficNotAppliedError);
    expect((error as Error).message).toBe(
      'virtualservice ml-serving/recsys: not confirmed within 100 ms: route weights are recsys-v1 60, recsys-v2 40, not recsys-v1 90, recsys-v2 10 (changed by another writer?)',
    );
  });

  it('names a missing VirtualService or route and an unconfigured model', async () => {
    kube = await kubeFixture();
    const router = istioRouter(kube.client, { models: routes });
    await expect(router.apply(policyFor('recsys', 1))).rejects.toThrow(
      'kubernetes: get virtualservices.networking.istio.io recsys in ml-serving failed: HTTP 404 NotFound: virtualservices.networking.istio.io "recsys" not found',
    );
    kube.server.put(virtualService());
    await expect(
      istioRouter(kube.client, { models: { recsys: { ...routes.recsys, route: 'missing' } } }).apply(
        policyFor('recsys', 1),
      ),
    ).rejects.toThrow(
      'istio: virtualservice ml-serving/recsys has no http route named "missing"; add it (one destination per release subset)',
    );
    await expect(router.apply(policyFor('other', 1))).rejects.toThrow(
      'istio: no VirtualService configured for model "other"',
    );
  });
});
