/**
 * The Gateway API as a traffic router: a model's split becomes the `backendRefs` weights of one
 * rule of an HTTPRoute, one backend Service per release. `apply` writes the rule with a JSON
 * merge patch carrying the resourceVersion it read (a 409 is recomputed on the fresh object) and
 * records the policy revision in an annotation; `applied` reads the route back and confirms the
 * revision, the weights, and that every parent Gateway has accepted this generation
 * (`status.parents[].conditions[type=Accepted].observedGeneration`), which is how the Gateway
 * API says a controller has taken the route. Other rules are left as they are.
 *
 * Expresses weights only, as the Istio router does.
 */
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import { abortable } from '../../kubernetes/abortable.js';
import { confirmApplied } from '../../kubernetes/confirm-applied.js';
import { patchAs, type KubeClient } from '../../kubernetes/kube-client.js';
import { kubeCall } from '../../kubernetes/kube-errors.js';
import { retryOnConflict } from '../../kubernetes/retry-on-conflict.js';
import {
  integerWeights,
  POLICY_REVISION_ANNOTATION,
  type ReleaseWeight,
} from '../../kubernetes/route-weights.js';
import { TrafficNotAppliedError, type TrafficRouter } from '../traffic-router.js';

export interface HttpRouteModelRoute {
  httpRoute: string;
  namespace?: string | undefined;
  /** The `rules[].name` to drive; without it the first rule. */
  rule?: string | undefined;
  /** The backend Service per release; a release not listed uses its own name. */
  services?: Readonly<Record<string, string>> | undefined;
  /** The Services' port. */
  port: number;
  /** Also wait for every parent Gateway to accept the route's generation. @default true */
  waitForAccepted?: boolean | undefined;
}

export interface GatewayApiRouterOptions {
  models: Readonly<Record<string, HttpRouteModelRoute>>;
  /** @default 10000 */
  deadlineMs?: number;
  /** @default 200 */
  pollMs?: number;
}

interface Rule {
  name?: string;
  backendRefs?: { name: string; port?: number; weight?: number; kind?: string; group?: string }[];
  [field: string]: unknown;
}

interface HttpRoute {
  metadata: { resourceVersion?: string; generation?: number; annotations?: Record<string, string> };
  spec: { rules?: Rule[] };
  status?: {
    parents?: {
      parentRef: { name: string };
      conditions?: { type: string; status: string; observedGeneration?: number }[];
    }[];
  };
}

const GROUP = 'gateway.networking.k8s.io';
const VERSION = 'v1';
const PLURAL = 'httproutes';

export function gatewayApiRouter(client: KubeClient, options: GatewayApiRouterOptions): TrafficRouter {
  const deadlineMs = options.deadlineMs ?? 10_000;
  const pollMs = options.pollMs ?? 200;
  const written = new Map<string, { revision: number; weights: ReleaseWeight[] }>();

  const target = (model: string) => {
    const route = options.models[model];
    if (!route) throw new TrafficNotAppliedError(`gateway-api: no HTTPRoute configured for model "${model}"`);
    const namespace = route.namespace ?? client.namespace;
    return { ...route, namespace, label: `httproute ${namespace}/${route.httpRoute}` };
  };

  const read = async (model: string, signal: AbortSignal): Promise<HttpRoute> => {
    const t = target(model);
    return (await abortable(
      kubeCall(`get ${PLURAL}.${GROUP} ${t.httpRoute} in ${t.namespace}`, () =>
        client.custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: t.namespace,
          plural: PLURAL,
          name: t.httpRoute,
        }),
      ),
      signal,
    )) as HttpRoute;
  };

  const ruleIndex = (route: HttpRoute, model: string): number => {
    const t = target(model);
    const rules = route.spec.rules ?? [];
    const index = t.rule === undefined ? 0 : rules.findIndex((r) => r.name === t.rule);
    if (index < 0 || rules.length === 0)
      throw new TrafficNotAppliedError(
        `gateway-api: ${t.label} has no rule${t.rule === undefined ? '' : ` named "${t.rule}"`}; add it (one backendRef per release Service)`,
      );
    return index;
  };

  const backendRefs = (model: string, weights: readonly ReleaseWeight[]) => {
    const t = target(model);
    return weights.map(({ release, weight }) => ({
      name: t.services?.[release] ?? release,
      port: t.port,
      weight,
    }));
  };

  const weightsOf = (route: HttpRoute, model: string): ReleaseWeight[] => {
    const t = target(model);
    const byService = new Map(
      Object.entries(t.services ?? {}).map(([release, service]) => [service, release]),
    );
    return (route.spec.rules?.[ruleIndex(route, model)]?.backendRefs ?? []).map((ref) => ({
      release: byService.get(ref.name) ?? ref.name,
      // The Gateway API's default weight is 1.
      weight: ref.weight ?? 1,
    }));
  };

  return {
    name: 'gateway-api',
    capabilities: { weights: true, regions: false, headerRoutes: false, mirror: false, sticky: false },

    async apply(policy: TrafficPolicy, signal?: AbortSignal): Promise<void> {
      const live = signal ?? new AbortController().signal;
      live.throwIfAborted();
      const t = target(policy.model);
      const weights = integerWeights(policy);
      const action = `patch ${PLURAL}.${GROUP} ${t.httpRoute} in ${t.namespace}`;
      await retryOnConflict(
        async () => {
          const route = await read(policy.model, live);
          const recorded = Number(route.metadata.annotations?.[POLICY_REVISION_ANNOTATION] ?? 0);
          if (recorded > policy.revision) return;
          const index = ruleIndex(route, policy.model);
          const rules = structuredClone(route.spec.rules ?? []);
          const next = backendRefs(policy.model, weights);
          if (
            recorded === policy.revision &&
            JSON.stringify(rules[index]?.backendRefs) === JSON.stringify(next)
          )
            return;
          rules[index] = { ...rules[index], backendRefs: next };
          live.throwIfAborted();
          await abortable(
            kubeCall(action, () =>
              client.custom.patchNamespacedCustomObject(
                {
                  group: GROUP,
                  version: VERSION,
                  namespace: t.namespace,
                  plural: PLURAL,
                  name: t.httpRoute,
                  body: {
                    metadata: {
                      resourceVersion: route.metadata.resourceVersion,
                      annotations: { [POLICY_REVISION_ANNOTATION]: String(policy.revision) },
                    },
                    spec: { rules },
                  },
                },
                patchAs('merge'),
              ),
            ),
            live,
          );
        },
        { signal: live, action },
      );
      written.set(policy.model, { revision: policy.revision, weights });
    },

    async applied(model: string, revision: number, signal?: AbortSignal): Promise<void> {
      const t = target(model);
      await confirmApplied({
        laggard: t.label,
        deadlineMs,
        pollMs,
        signal,
        check: async () => {
          const route = await read(model, new AbortController().signal);
          const recorded = Number(route.metadata.annotations?.[POLICY_REVISION_ANNOTATION] ?? 0);
          if (recorded < revision) return `carries policy revision ${recorded}, not ${revision}`;
          const expected = written.get(model);
          if (expected && expected.revision === recorded) {
            const actual = weightsOf(route, model);
            if (JSON.stringify(actual) !== JSON.stringify(expected.weights))
              return `backend weights are ${describe(actual)}, not ${describe(expected.weights)} (changed by another writer?)`;
          }
          if (t.waitForAccepted ?? true) {
            const generation = route.metadata.generation ?? 0;
            const parents = route.status?.parents ?? [];
            if (parents.length === 0)
              return 'no Gateway has reported on the route yet (status.parents is empty)';
            for (const parent of parents) {
              const accepted = parent.conditions?.find((c) => c.type === 'Accepted');
              if (accepted?.status !== 'True' || (accepted.observedGeneration ?? 0) < generation)
                return `gateway ${parent.parentRef.name} has not accepted generation ${generation}`;
            }
          }
          return undefined;
        },
      });
    },
  };
}

const describe = (weights: readonly ReleaseWeight[]): string =>
  weights.map((w) => `${w.release} ${w.weight}`).join(', ');
