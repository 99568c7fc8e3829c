import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { clusterRouters, readClusterRoutes, withClusterRoutes } from '../../src/kubernetes/cluster-routes.js';
import type { TrafficPolicy } from '../../src/registry/traffic-policy.js';
import { committedPolicy } from '../support/committed-policy.js';
import { noopRouter } from '../../src/traffic/noop/noop-router.js';
import type { TrafficRouter } from '../../src/traffic/traffic-router.js';
import type { KubeObject } from './api-server/contract-api-server.js';
import { kubeFixture, NAMESPACE } from './kube-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'ripcord-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const policy = (model: string, input: Record<string, unknown> = {}): TrafficPolicy =>
  committedPolicy(model, 7, input);

/** A router that records what it was asked to do. */
function recording(name: string): TrafficRouter & { calls: string[] } {
  const calls: string[] = [];
  return {
    ...noopRouter(),
    name,
    calls,
    apply: (p) => Promise.resolve(void calls.push(`apply ${p.model}@${p.revision}`)),
    applied: (model, revision) => Promise.resolve(void calls.push(`applied ${model}@${revision}`)),
  };
}

describe('cluster routes (ripcord up --traffic-routes)', () => {
  it('reads a routes file and names the field and the fix on bad input', () => {
    const routes = readClusterRoutes(
      file(
        'ok.yaml',
        'namespace: ml-serving\nistio:\n  recsys: { virtualService: recsys, host: recsys, route: primary }\n',
      ),
    );
    expect(routes.istio['recsys']).toEqual({ virtualService: 'recsys', host: 'recsys', route: 'primary' });
    expect(() =>
      readClusterRoutes(file('bad.yaml', 'gatewayApi:\n  ranker: { httpRoute: Ranker, port: 8080 }\n')),
    ).toThrow(
      'traffic-routes: gatewayApi.ranker.httpRoute: a Kubernetes object name (lowercase, digits, "-", ".")',
    );
    expect(() =>
      readClusterRoutes(
        file(
          'twice.yaml',
          'istio:\n  recsys: { virtualService: recsys, host: recsys }\ngatewayApi:\n  recsys: { httpRoute: recsys, port: 80 }\n',
        ),
      ),
    ).toThrow(
      'traffic-routes: gatewayApi.recsys: model "recsys" is already routed by istio; give each model one route',
    );
    expect(() => readClusterRoutes(join(dir, 'missing.yaml'))).toThrow(
      /traffic-routes: cannot read .*missing\.yaml/,
    );
  });

  it('moves the gateway for every model and the cluster too for the models it routes', async () => {
    const base = recording('gateway');
    const cluster = recording('istio');
    const router = withClusterRoutes(base, new Map([['recsys', cluster]]));
    await router.apply(policy('recsys'));
    await router.applied('recsys', 7);
    await router.apply(policy('ranker'));
    expect(base.calls).toEqual(['apply recsys@7', 'applied recsys@7', 'apply ranker@7']);
    expect(cluster.calls).toEqual(['apply recsys@7', 'applied recsys@7']);
  });

  it('refuses, before moving anything, a policy the cluster cannot express', async () => {
    const base = recording('gateway');
    const router = withClusterRoutes(
      base,
      new Map([
        [
          'recsys',
          { ...recording('istio'), capabilities: { ...noopRouter().capabilities, headerRoutes: false } },
        ],
      ]),
    );
    await expect(
      router.apply(
        policy('recsys', { headerRoutes: [{ header: 'x-beta', value: '1', release: 'recsys-v2' }] }),
      ),
    ).rejects.toThrow(
      'istio: the policy of "recsys" uses headerRoutes, which istio cannot express; route this model through ripcord\'s gateway for them',
    );
    expect(base.calls).toEqual([]);
  });

  it('builds the routers of a file over one client and drives the VirtualService', async () => {
    const kube = await kubeFixture();
    try {
      const vs: KubeObject = {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'recsys', namespace: NAMESPACE },
        spec: {
          hosts: ['recsys'],
          http: [{ route: [{ destination: { host: 'recsys', subset: 'recsys-v1' } }] }],
        },
      };
      kube.server.put(vs);
      const routes = readClusterRoutes(
        file(
          'live.yaml',
          `kubeconfig: ${kube.kubeconfig}\nistio:\n  recsys: { virtualService: recsys, host: recsys }\n`,
        ),
      );
      const router = withClusterRoutes(noopRouter(), await clusterRouters(routes));
      await router.apply(policy('recsys', { weights: [{ release: 'recsys-v2', weight: 25 }] }));
      await router.applied('recsys', 7);
      expect(
        (kube.server.get('VirtualService', NAMESPACE, 'recsys')!.spec as { http: { route: unknown }[] })
          .http[0]!.route,
      ).toEqual([
        { destination: { host: 'recsys', subset: 'recsys-v1' }, weight: 75 },
        { destination: { host: 'recsys', subset: 'recsys-v2' }, weight: 25 },
      ]);
      expect(kube.server.rejected).toEqual([]);
    } finally {
      await kube.close();
    }
  });

  it('routes a model through HAProxy without needing a cluster, one route per model', async () => {
    const routes = readClusterRoutes(
      file(
        'haproxy.yaml',
        'haproxy:\n  socket: /run/haproxy/admin.sock\n  models:\n    scorer: { backend: scorer }\n',
      ),
    );
    const routers = await clusterRouters(routes, () => {
      throw new Error('no cluster is needed for HAProxy');
    });
    expect([...routers.entries()].map(([model, router]) => [model, router.name])).toEqual([
      ['scorer', 'haproxy'],
    ]);
    expect(() =>
      readClusterRoutes(
        file(
          'both.yaml',
          'istio:\n  scorer: { virtualService: scorer, host: scorer }\nhaproxy:\n  socket: /s\n  models:\n    scorer: { backend: scorer }\n',
        ),
      ),
    ).toThrow(
      'traffic-routes: haproxy.models.scorer: model "scorer" is already routed by istio or gatewayApi; give each model one route',
    );
  });

  it('ripcord up --traffic-routes refuses a bad file with one clear line', async () => {
    let stderr = '';
    const code = await main(
      [
        'node',
        'ripcord',
        'up',
        '--data',
        dir,
        '--port',
        '0',
        '--traffic-routes',
        file('up.yaml', 'istio: [1]\n'),
      ],
      {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        untilSignal: () => Promise.resolve(),
      },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/traffic-routes: istio: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
