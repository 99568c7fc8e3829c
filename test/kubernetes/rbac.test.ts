/**
 * The RBAC YAML in deploy/rbac is valid Kubernetes (published schemas) and grants every request
 * each adapter made against the contract server, no fewer: a Role that misses a verb would fail
 * only in a real cluster, at 2:17 AM.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createDeploymentExecutor } from '../../src/actions/executors/kubernetes-deployment/deployment-executor.js';
import { TrafficPolicyInputSchema } from '../../src/registry/traffic-policy.js';
import { istioRouter } from '../../src/traffic/istio/istio-router.js';
import type { RequestRecord } from './api-server/contract-api-server.js';
import { deploymentFixture } from './api-server/deployment-controller.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const rbac = (file: string): Record<string, unknown>[] =>
  parseAllDocuments(
    readFileSync(fileURLToPath(new URL(`../../deploy/rbac/${file}`, import.meta.url)), 'utf8'),
  ).map((doc) => doc.toJSON() as Record<string, unknown>);

/** What RBAC checks a request against: the API group, the resource and the verb. */
function attributes(request: RequestRecord): { group: string; resource: string; verb: string } {
  const url = new URL(request.path, 'https://x');
  const parts = url.pathname.split('/').filter(Boolean);
  const group = parts[0] === 'api' ? '' : parts[1]!;
  const rest = parts.slice(parts[0] === 'api' ? 2 : 3);
  const [, , resource, name] = rest;
  const verb =
    request.method === 'GET'
      ? url.searchParams.get('watch') === 'true'
        ? 'watch'
        : name
          ? 'get'
          : 'list'
      : ({ PUT: 'update', PATCH: 'patch', POST: 'create', DELETE: 'delete' } as Record<string, string>)[
          request.method
        ]!;
  return { group, resource: resource!, verb };
}

const allowed = (rules: Rule[], a: ReturnType<typeof attributes>): boolean =>
  rules.some(
    (r) => r.apiGroups.includes(a.group) && r.resources.includes(a.resource) && r.verbs.includes(a.verb),
  );

let kube: KubeFixture | undefined;
afterEach(async () => {
  await kube?.close();
  kube = undefined;
});

describe('deploy/rbac', () => {
  it('holds valid Roles, RoleBindings and a ServiceAccount', () => {
    for (const file of [
      'deployment-executor-role.yaml',
      'istio-router-role.yaml',
      'gateway-api-router-role.yaml',
      'helm-executor-role.yaml',
      'argo-rollouts-executor-role.yaml',
      'kserve-executor-role.yaml',
      'service-account.yaml',
    ])
      for (const doc of rbac(file)) {
        const model = { Role, RoleBinding, ServiceAccount }[doc['kind'] as 'Role'];
        expect(model, `${file}: ${String(doc['kind'])}`).toBeDefined();
        expect(() => new model(doc as never).validate(), file).not.toThrow();
      }
  });

  it('grants every request the Deployment executor and the Istio router make', async () => {
    const k = (kube = await kubeFixture());
    k.server.put(deploymentFixture('recsys', NAMESPACE, 'v1', 'img:1'));
    await k.settle();
    const live = k.server.get('Deployment', NAMESPACE, 'recsys')!;
    (live.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels[
      'ripcord.dev/release'
    ] = 'v2';
    k.server.put(live);
    k.server.put({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'recsys', namespace: NAMESPACE },
      spec: { hosts: ['recsys'], http: [{ route: [{ destination: { host: 'recsys', subset: 'v2' } }] }] },
    });
    await k.settle();
    const context = {
      eventId: 'e',
      model: 'recsys',
      release: 'v2',
      target: 'v1',
      trigger: 'manual',
      reason: 'r',
      role: 'canary' as const,
      actor: 'a',
      decidedAt: 0,
    };
    const executor = createDeploymentExecutor(k.client, { deployment: 'recsys' });
    await executor.plan(context, new AbortController().signal);
    await executor.apply(context, new AbortController().signal);
    const router = istioRouter(k.client, {
      models: { recsys: { virtualService: 'recsys', host: 'recsys' } },
    });
    const policy = {
      ...TrafficPolicyInputSchema.parse({ model: 'recsys', stable: 'v1' }),
      revision: 1,
      updatedAt: '',
      updatedBy: 't',
    };
    await router.apply(policy);
    await router.applied('recsys', 1);

    const rules = (file: string) => rbac(file).flatMap((doc) => (doc['rules'] as Rule[] | undefined) ?? []);
    const deploymentRules = rules('deployment-executor-role.yaml');
    const istioRules = rules('istio-router-role.yaml');
    const made = k.server.requests.map(attributes);
    expect(made.map((a) => a.verb)).toEqual(
      expect.arrayContaining(['get', 'list', 'update', 'watch', 'patch']),
    );
    for (const a of made) {
      const rulesFor = a.group === 'networking.istio.io' ? istioRules : deploymentRules;
      expect(allowed(rulesFor, a), `${a.verb} ${a.resource}.${a.group}`).toBe(true);
    }
  });
});
