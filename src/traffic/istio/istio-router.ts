/**
 * Istio as a traffic router: a model's split becomes the weights of one HTTP route of a
 * VirtualService, one destination subset per release (the DestinationRule defines the subsets,
 * one per release's pods). `apply` writes the route with a JSON merge patch carrying the
 * resourceVersion it read (a 409 is recomputed on the fresh object) and records the policy
 * revision in an annotation; `applied` reads the object back and confirms both the revision and
 * the weights, and, when Istio reports status (`PILOT_ENABLE_STATUS`), that istiod has
 * reconciled that generation. Other routes of the VirtualService are left as they are
 * (src/kubernetes/list-route-router.ts).
 *
 * Expresses weights only: header routes, mirrors, regions and sticky sessions are refused by the
 * controller before a rollout starts (they would need ripcord's gateway).
 */
import type { AnnotatedObject } from '../../kubernetes/custom-object.js';
import type { KubeClient } from '../../kubernetes/kube-client.js';
import { listRouteRouter, type ListRouteKind } from '../../kubernetes/list-route-router.js';
import { TrafficNotAppliedError, type TrafficRouter } from '../traffic-router.js';

export interface IstioModelRoute {
  /** The VirtualService that routes the model. */
  virtualService: string;
  namespace?: string | undefined;
  /** The destination host (the Service); one subset per release. */
  host: string;
  /** The `http[].name` of the route to drive; without it the first route. */
  route?: string | undefined;
  /** Subset per release name; a release not listed uses its own name. */
  subsets?: Readonly<Record<string, string>> | undefined;
  /** Also wait for istiod to report the generation reconciled (needs PILOT_ENABLE_STATUS). */
  waitForReconciled?: boolean | undefined;
}

export interface IstioRouterOptions {
  /** Model name → the VirtualService route that serves it. */
  models: Readonly<Record<string, IstioModelRoute>>;
  /** How long `applied` waits. @default 10000 */
  deadlineMs?: number;
  /** Between read-backs. @default 200 */
  pollMs?: number;
}

interface HttpRoute {
  name?: string;
  route?: { destination: { host: string; subset?: string; port?: { number: number } }; weight?: number }[];
  [field: string]: unknown;
}

interface VirtualService extends AnnotatedObject {
  spec: { http?: HttpRoute[] };
  status?: { observedGeneration?: number | string; conditions?: { type: string; status: string }[] };
}

const VIRTUAL_SERVICE: ListRouteKind<IstioModelRoute, VirtualService> = {
  name: 'istio',
  group: 'networking.istio.io',
  version: 'v1',
  plural: 'virtualservices',
  kindLabel: 'virtualservice',
  kindName: 'VirtualService',
  objectName: (route) => route.virtualService,
  listKey: 'http',
  field: 'route',

  entryIndex(vs, { route, label }) {
    const http = vs.spec.http ?? [];
    const index = route.route === undefined ? 0 : http.findIndex((r) => r.name === route.route);
    if (index < 0 || http.length === 0)
      throw new TrafficNotAppliedError(
        `istio: ${label} has no http route${route.route === undefined ? '' : ` named "${route.route}"`}; add it (one destination per release subset)`,
      );
    return index;
  },

  destinations: ({ route }, weights) =>
    weights.map(({ release, weight }) => ({
      destination: { host: route.host, subset: route.subsets?.[release] ?? release },
      weight,
    })),

  weightsOf(vs, index, { route }) {
    const bySubset = new Map(
      Object.entries(route.subsets ?? {}).map(([release, subset]) => [subset, release]),
    );
    const destinations = vs.spec.http?.[index]?.route ?? [];
    return destinations.map((r) => ({
      release: bySubset.get(r.destination.subset ?? '') ?? r.destination.subset ?? '',
      // A lone destination without a weight takes all the traffic.
      weight: r.weight ?? (destinations.length === 1 ? 100 : 0),
    }));
  },
  weightsName: 'route weights',

  notTakenYet(vs, { route }) {
    if (!route.waitForReconciled) return undefined;
    const observed = Number(vs.status?.observedGeneration ?? 0);
    const generation = vs.metadata.generation ?? 0;
    return observed < generation
      ? `istiod has reconciled generation ${observed}, not ${generation}`
      : undefined;
  },
};

export function istioRouter(client: KubeClient, options: IstioRouterOptions): TrafficRouter {
  return listRouteRouter(client, VIRTUAL_SERVICE, options);
}
