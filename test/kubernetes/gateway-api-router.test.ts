import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficPolicy } from '../../src/registry/traffic-policy.js';
import { committedPolicy } from '../support/committed-policy.js';
import { gatewayApiRouter } from '../../src/traffic/gateway-api/gateway-api-router.js';
import { runTrafficRouterContract } from '../../src/traffic/traffic-router.contract.js';
import { TrafficNotAppliedError } from '../../src/traffic/traffic-router.js';
import type { KubeObject, Reaction } from './api-server/contract-api-server.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

/** A Gateway controller: reports each generation of the route Accepted by its parent, unless paused. */
function gatewayController() {
  const state = {
    paused: false,
    reaction: (({ type, object, resource }, server) => {
      if (state.paused || resource.kind !== 'HTTPRoute' || type === 'DELETED') return;
      accept(server.get('HTTPRoute', NAMESPACE, object.metadata.name), server);
    }) as Reaction,
    catchUp(kube: KubeFixture) {
      state.paused = false;
      accept(kube.server.get('HTTPRoute', NAMESPACE, 'recsys'), kube.server);
    },
  };
  const accept = (route: KubeObject | undefined, server: KubeFixture['server']): void => {
    const generation = route?.metadata.generation ?? 0;
    const parents = (
      route?.status as { parents?: { conditions: { observedGeneration: number }[] }[] } | undefined
    )?.parents;
    if (!route || parents?.[0]?.conditions[0]?.observedGeneration === generation) return;
    server.put({
      ...route,
      status: {
        parents: [
          {
            parentRef: { name: 'public' },
            controllerName: 'example.net/gateway-controller',
            conditions: [
              {
                type: 'Accepted',
                status: 'True',
                reason: 'Accepted',
                message: 'Route is accepted',
                lastTransitionTime: '2026-01-01T02:17:00Z',
                observedGeneration: generation,
              },
            ],
          },
        ],
      },
    });
  };
  return state;
}

function httpRoute(): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'recsys', namespace: NAMESPACE },
    spec: {
      parentRefs: [{ name: 'public' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/debug' } }],
          backendRefs: [{ name: 'recsys-debug', port: 8080 }],
        },
        { name: 'predict', backendRefs: [{ name: 'recsys-v1', port: 8080 }] },
      ],
    },
  };
}

const policyFor = (
  model: string,
  revision: number,
  weights: { release: string; weight: number }[] = [],
): TrafficPolicy => committedPolicy(model, revision, { weights });

const models = { recsys: { httpRoute: 'recsys', rule: 'predict', port: 8080 } };

runTrafficRouterContract('gateway-api', async () => {
  const gateway = gatewayController();
  const kube = await kubeFixture([gateway.reaction]);
  kube.server.put(httpRoute());
  let revision = 0;
  return {
    subject: gatewayApiRouter(kube.client, { models, deadlineMs: 300, pollMs: 10 }),
    commit: (model) => policyFor(model, (revision += 1), [{ release: `${model}-v2`, weight: revision * 10 }]),
    lag: () => {
      gateway.paused = true;
      return { laggard: `httproute ${NAMESPACE}/recsys`, catchUp: () => gateway.catchUp(kube) };
    },
    close: async () => {
      expect(kube.server.rejected).toEqual([]);
      await kube.close();
    },
  };
});

describe('gateway-api router', () => {
  let kube: KubeFixture;
  afterEach(async () => {
    expect(kube.server.rejected, 'every HTTPRoute ripcord wrote passes the Gateway API schema').toEqual([]);
    await kube.close();
  });

  it('writes one weighted backendRef per release Service into the named rule and leaves the others', async () => {
    const gateway = gatewayController();
    kube = await kubeFixture([gateway.reaction]);
    kube.server.put(httpRoute());
    const router = gatewayApiRouter(kube.client, {
      models: { recsys: { ...models.recsys, services: { 'recsys-v2': 'recsys-canary' } } },
    });
    await router.apply(policyFor('recsys', 3, [{ release: 'recsys-v2', weight: 5 }]));
    await router.applied('recsys', 3);
    const rules = (kube.server.get('HTTPRoute', NAMESPACE, 'recsys')!.spec as { rules: unknown[] }).rules;
    expect(rules[0]).toEqual((httpRoute().spec as { rules: unknown[] }).rules[0]);
    expect(rules[1]).toEqual({
      name: 'predict',
      backendRefs: [
        { name: 'recsys-v1', port: 8080, weight: 95 },
        { name: 'recsys-canary', port: 8080, weight: 5 },
      ],
    });
  });

  it('does not confirm a route no Gateway has accepted', async () => {
    kube = await kubeFixture();
    kube.server.put(httpRoute());
    const router = gatewayApiRouter(kube.client, { models, deadlineMs: 100, pollMs: 10 });
    await router.apply(policyFor('recsys', 1));
    const error = await router.applied('recsys', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrafficNotAppliedError);
    expect((error as Error).message).toBe(
      'httproute ml-serving/recsys: not confirmed within 100 ms: no Gateway has reported on the route yet (status.parents is empty)',
    );
    await expect(
      gatewayApiRouter(kube.client, {
        models: { recsys: { ...models.recsys, waitForAccepted: false } },
      }).applied('recsys', 1),
    ).resolves.toBeUndefined();
  });
});
