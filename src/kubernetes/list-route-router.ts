/**
 * A traffic router over a list-shaped route object: a model's split is the weighted destinations
 * of one entry of a spec list (an Istio VirtualService's `http[i].route`, a Gateway API
 * HTTPRoute's `rules[i].backendRefs`). What differs between the two is the object's shape and what
 * its controller reports once it has taken a change; the write (weighted-route-entry.ts), the
 * read-back and the confirmation are the same.
 */
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import { TrafficNotAppliedError, type TrafficRouter } from '../traffic/traffic-router.js';
import { confirmApplied } from './confirm-applied.js';
import { customObject, type AnnotatedObject, type CustomObject } from './custom-object.js';
import type { KubeClient } from './kube-client.js';
import { integerWeights, type ReleaseWeight } from './route-weights.js';
import { weightsLag, writeRouteEntry } from './weighted-route-entry.js';

export interface ModelRouteBase {
  namespace?: string | undefined;
}

/** A model's route resolved against the client: its object and how errors name it. */
export interface ResolvedRoute<R extends ModelRouteBase> {
  route: R;
  namespace: string;
  object: CustomObject;
  /** `virtualservice ml-serving/recsys` */
  label: string;
}

export interface ListRouteKind<R extends ModelRouteBase, O extends AnnotatedObject & { spec: object }> {
  name: string;
  group: string;
  version: string;
  plural: string;
  /** How errors name the object kind (`virtualservice`) and the configuration a model lacks (`VirtualService`). */
  kindLabel: string;
  kindName: string;
  objectName(route: R): string;
  /** The spec list and the entry field holding the destinations. */
  listKey: string;
  field: string;
  /** Which entry routes the model; throws TrafficNotAppliedError naming the fix when none does. */
  entryIndex(object: O, target: ResolvedRoute<R>): number;
  destinations(target: ResolvedRoute<R>, weights: readonly ReleaseWeight[]): unknown[];
  /** The weights the entry holds, by release, as read back. */
  weightsOf(object: O, index: number, target: ResolvedRoute<R>): ReleaseWeight[];
  /** What the weights are called in a lag message (`route weights`). */
  weightsName: string;
  /** Once revision and weights match: why the data plane has not taken the change yet, if so. */
  notTakenYet(object: O, target: ResolvedRoute<R>): string | undefined;
}

export interface ListRouteRouterOptions<R extends ModelRouteBase> {
  models: Readonly<Record<string, R>>;
  /** How long `applied` waits. @default 10000 */
  deadlineMs?: number;
  /** Between read-backs. @default 200 */
  pollMs?: number;
}

export function listRouteRouter<R extends ModelRouteBase, O extends AnnotatedObject & { spec: object }>(
  client: KubeClient,
  kind: ListRouteKind<R, O>,
  options: ListRouteRouterOptions<R>,
): TrafficRouter {
  const deadlineMs = options.deadlineMs ?? 10_000;
  const pollMs = options.pollMs ?? 200;
  /** Model → the weights written for a revision, to confirm on read-back. */
  const written = new Map<string, { revision: number; weights: ReleaseWeight[] }>();

  const resolve = (model: string): ResolvedRoute<R> => {
    const route = options.models[model];
    if (!route)
      throw new TrafficNotAppliedError(`${kind.name}: no ${kind.kindName} configured for model "${model}"`);
    const namespace = route.namespace ?? client.namespace;
    const name = kind.objectName(route);
    const object = customObject(client, {
      group: kind.group,
      version: kind.version,
      plural: kind.plural,
      namespace,
      name,
    });
    return { route, namespace, object, label: `${kind.kindLabel} ${namespace}/${name}` };
  };

  return {
    name: kind.name,
    capabilities: { weights: true, regions: false, headerRoutes: false, mirror: false, sticky: false },

    async apply(policy: TrafficPolicy, signal?: AbortSignal): Promise<void> {
      const live = signal ?? new AbortController().signal;
      live.throwIfAborted();
      const target = resolve(policy.model);
      const weights = integerWeights(policy);
      await writeRouteEntry<O>({
        object: target.object,
        revision: policy.revision,
        listKey: kind.listKey,
        entryIndex: (object) => kind.entryIndex(object, target),
        field: kind.field,
        destinations: kind.destinations(target, weights),
        signal: live,
      });
      written.set(policy.model, { revision: policy.revision, weights });
    },

    async applied(model: string, revision: number, signal?: AbortSignal): Promise<void> {
      const target = resolve(model);
      await confirmApplied({
        laggard: target.label,
        deadlineMs,
        pollMs,
        signal,
        check: async () => {
          const object = await target.object.get<O>();
          const actual = () => kind.weightsOf(object, kind.entryIndex(object, target), target);
          return (
            weightsLag(object, revision, written.get(model), actual, kind.weightsName) ??
            kind.notTakenYet(object, target)
          );
        },
      });
    },
  };
}
