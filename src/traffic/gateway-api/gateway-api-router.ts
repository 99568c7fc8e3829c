/**
 * The Gateway API as a traffic router: a model's split becomes the `backendRefs` weights of one
 * rule of an HTTPRoute, one backend Service per release. `apply` writes the rule with a JSON
 * merge patch carrying the resourceVersion it read (a 409 is recomputed on the fresh object) and
 * records the policy revision in an annotation; `applied` reads the route back and confirms the
 * revision, the weights, and that every parent Gateway has accepted this generation
 * (`status.parents[].conditions[type=Accepted].observedGeneration`), which is how the Gateway
 * API says a controller has taken the route. Other rules are left as they are
 * (src/kubernetes/list-route-router.ts).
 *
 * Expresses weights only, as the Istio router does.
 */
import type { AnnotatedObject } from '../../kubernetes/custom-object.js';
import type { KubeClient } from '../../kubernetes/kube-client.js';
import { listRouteRouter, type ListRouteKind } from '../../kubernetes/list-route-router.js';
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

interface HttpRoute extends AnnotatedObject {
  spec: { rules?: Rule[] };
  status?: {
    parents?: {
      parentRef: { name: string };
      conditions?: { type: string; status: string; observedGeneration?: number }[];
    }[];
  };
}

const HTTP_ROUTE: ListRouteKind<HttpRouteModelRoute, HttpRoute> = {
  name: 'gateway-api',
  group: 'gateway.networking.k8s.io',
  version: 'v1',
  plural: 'httproutes',
  kindLabel: 'httproute',
  kindName: 'HTTPRoute',
  objectName: (route) => route.httpRoute,
  listKey: 'rules',
  field: 'backendRefs',

  entryIndex(httpRoute, { route, label }) {
    const rules = httpRoute.spec.rules ?? [];
    const index = route.rule === undefined ? 0 : rules.findIndex((r) => r.name === route.rule);
    if (index < 0 || rules.length === 0)
      throw new TrafficNotAppliedError(
        `gateway-api: ${label} has no rule${route.rule === undefined ? '' : ` named "${route.rule}"`}; add it (one backendRef per release Service)`,
      );
    return index;
  },

  destinations: ({ route }, weights) =>
    weights.map(({ release, weight }) => ({
      name: route.services?.[release] ?? release,
      port: route.port,
      weight,
    })),

  weightsOf(httpRoute, index, { route }) {
    const byService = new Map(
      Object.entries(route.services ?? {}).map(([release, service]) => [service, release]),
    );
    return (httpRoute.spec.rules?.[index]?.backendRefs ?? []).map((ref) => ({
      release: byService.get(ref.name) ?? ref.name,
      // The Gateway API's default weight is 1.
      weight: ref.weight ?? 1,
    }));
  },
  weightsName: 'backend weights',

  notTakenYet(httpRoute, { route }) {
    if (!(route.waitForAccepted ?? true)) return undefined;
    const generation = httpRoute.metadata.generation ?? 0;
    const parents = httpRoute.status?.parents ?? [];
    if (parents.length === 0) return 'no Gateway has reported on the route yet (status.parents is empty)';
    for (const parent of parents) {
      const accepted = parent.conditions?.find((c) => c.type === 'Accepted');
      if (accepted?.status !== 'True' || (accepted.observedGeneration ?? 0) < generation)
        return `gateway ${parent.parentRef.name} has not accepted generation ${generation}`;
    }
    return undefined;
  },
};

export function gatewayApiRouter(client: KubeClient, options: GatewayApiRouterOptions): TrafficRouter {
  return listRouteRouter(client, HTTP_ROUTE, options);
}
