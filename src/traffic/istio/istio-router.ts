/**
 * Istio as a traffic router: a model's split becomes the weights of one HTTP route of a
 * VirtualService, one destination subset per release (the DestinationRule defines the subsets,
 * one per release's pods). `apply` writes the route with a JSON merge patch carrying the
 * resourceVersion it read (a 409 is recomputed on the fresh object) and records the policy
 * revision in an annotation; `applied` reads the object back and confirms both the revision and
 * the weights, and, when Istio reports status (`PILOT_ENABLE_STATUS`), that istiod has
 * reconciled that generation. Other routes of the VirtualService are left as they are.
 *
 * Expresses weights only: header routes, mirrors, regions and sticky sessions are refused by the
 * controller before a rollout starts (they would need ripcord's gateway).
 */
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import { abortable } from '../../kubernetes/abortable.js';
import { patchAs, type KubeClient } from '../../kubernetes/kube-client.js';
import { kubeCall } from '../../kubernetes/kube-errors.js';
import { retryOnConflict } from '../../kubernetes/retry-on-conflict.js';
import {
  integerWeights,
  POLICY_REVISION_ANNOTATION,
  type ReleaseWeight,
} from '../../kubernetes/route-weights.js';
import { confirmApplied } from '../../kubernetes/confirm-applied.js';
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

interface VirtualService {
  metadata: { resourceVersion?: string; generation?: number; annotations?: Record<string, string> };
  spec: { http?: HttpRoute[] };
  status?: { observedGeneration?: number | string; conditions?: { type: string; status: string }[] };
}

const GROUP = 'networking.istio.io';
const VERSION = 'v1';
const PLURAL = 'virtualservices';

export function istioRouter(client: KubeClient, options: IstioRouterOptions): TrafficRouter {
  const deadlineMs = options.deadlineMs ?? 10_000;
  const pollMs = options.pollMs ?? 200;
  /** Model → the weights written for a revision, to confirm on read-back. */
  const written = new Map<string, { revision: number; weights: ReleaseWeight[] }>();

  const target = (model: string) => {
    const route = options.models[model];
    if (!route) throw new TrafficNotAppliedError(`istio: no VirtualService configured for model "${model}"`);
    const namespace = route.namespace ?? client.namespace;
    return { ...route, namespace, label: `virtualservice ${namespace}/${route.virtualService}` };
  };

  const read = async (model: string, signal?: AbortSignal): Promise<VirtualService> => {
    const t = target(model);
    return (await abortable(
      kubeCall(`get ${PLURAL}.${GROUP} ${t.virtualService} in ${t.namespace}`, () =>
        client.custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: t.namespace,
          plural: PLURAL,
          name: t.virtualService,
        }),
      ),
      signal ?? new AbortController().signal,
    )) as VirtualService;
  };

  const routeIndex = (vs: VirtualService, model: string): number => {
    const t = target(model);
    const index = t.route === undefined ? 0 : (vs.spec.http ?? []).findIndex((r) => r.name === t.route);
    if (index < 0 || (vs.spec.http ?? []).length === 0)
      throw new TrafficNotAppliedError(
        `istio: ${t.label} has no http route${t.route === undefined ? '' : ` named "${t.route}"`}; add it (one destination per release subset)`,
      );
    return index;
  };

  const destinations = (model: string, weights: readonly ReleaseWeight[]) => {
    const t = target(model);
    return weights.map(({ release, weight }) => ({
      destination: { host: t.host, subset: t.subsets?.[release] ?? release },
      weight,
    }));
  };

  const weightsOf = (vs: VirtualService, model: string): ReleaseWeight[] => {
    const t = target(model);
    const bySubset = new Map(Object.entries(t.subsets ?? {}).map(([release, subset]) => [subset, release]));
    return (vs.spec.http?.[routeIndex(vs, model)]?.route ?? []).map((r) => ({
      release: bySubset.get(r.destination.subset ?? '') ?? r.destination.subset ?? '',
      weight: r.weight ?? (vs.spec.http?.[routeIndex(vs, model)]?.route?.length === 1 ? 100 : 0),
    }));
  };

  return {
    name: 'istio',
    capabilities: { weights: true, regions: false, headerRoutes: false, mirror: false, sticky: false },

    async apply(policy: TrafficPolicy, signal?: AbortSignal): Promise<void> {
      const live = signal ?? new AbortController().signal;
      live.throwIfAborted();
      const t = target(policy.model);
      const weights = integerWeights(policy);
      await retryOnConflict(
        async () => {
          const vs = await read(policy.model, live);
          const recorded = Number(vs.metadata.annotations?.[POLICY_REVISION_ANNOTATION] ?? 0);
          // Never move a route back to an older policy than it already carries.
          if (recorded > policy.revision) return;
          const index = routeIndex(vs, policy.model);
          const http = structuredClone(vs.spec.http ?? []);
          const next = destinations(policy.model, weights);
          if (recorded === policy.revision && JSON.stringify(http[index]?.route) === JSON.stringify(next))
            return;
          http[index] = { ...http[index], route: next };
          live.throwIfAborted();
          await abortable(
            kubeCall(`patch ${PLURAL}.${GROUP} ${t.virtualService} in ${t.namespace}`, () =>
              client.custom.patchNamespacedCustomObject(
                {
                  group: GROUP,
                  version: VERSION,
                  namespace: t.namespace,
                  plural: PLURAL,
                  name: t.virtualService,
                  body: {
                    metadata: {
                      resourceVersion: vs.metadata.resourceVersion,
                      annotations: { [POLICY_REVISION_ANNOTATION]: String(policy.revision) },
                    },
                    spec: { http },
                  },
                },
                patchAs('merge'),
              ),
            ),
            live,
          );
        },
        { signal: live, action: `patch ${PLURAL}.${GROUP} ${t.virtualService} in ${t.namespace}` },
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
          const vs = await read(model);
          const recorded = Number(vs.metadata.annotations?.[POLICY_REVISION_ANNOTATION] ?? 0);
          if (recorded < revision) return `carries policy revision ${recorded}, not ${revision}`;
          const expected = written.get(model);
          if (expected && expected.revision === recorded) {
            const actual = weightsOf(vs, model);
            if (JSON.stringify(actual) !== JSON.stringify(expected.weights))
              return `route weights are ${describe(actual)}, not ${describe(expected.weights)} (changed by another writer?)`;
          }
          if (t.waitForReconciled) {
            const observed = Number(vs.status?.observedGeneration ?? 0);
            if (observed < (vs.metadata.generation ?? 0))
              return `istiod has reconciled generation ${observed}, not ${vs.metadata.generation ?? 0}`;
          }
          return undefined;
        },
      });
    },
  };
}

const describe = (weights: readonly ReleaseWeight[]): string =>
  weights.map((w) => `${w.release} ${w.weight}`).join(', ');
