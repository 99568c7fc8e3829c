/**
 * The write and read-back both list-shaped routes share: an Istio VirtualService's `http[i].route`
 * and a Gateway API HTTPRoute's `rules[i].backendRefs` each hold a model's weighted destinations
 * in one entry of a spec list, beside entries ripcord must leave alone.
 *
 * The write is a JSON merge patch of the whole list (merge patches replace lists) carrying the
 * resourceVersion it was computed from, so a 409 recomputes it on the fresh object and another
 * writer's change to the other entries is never lost; the policy revision goes into an annotation
 * in the same patch. An object already carrying a newer revision is left alone (a slow writer
 * never moves traffic back), and one already carrying this revision and these destinations is
 * not written again.
 */
import { policyRevisionOf, type AnnotatedObject, type CustomObject } from './custom-object.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { POLICY_REVISION_ANNOTATION, type ReleaseWeight } from './route-weights.js';

export interface RouteEntryWrite<O extends AnnotatedObject> {
  object: CustomObject;
  revision: number;
  /** The spec list holding the entries (`http`, `rules`). */
  listKey: string;
  /** Which entry of that list routes the model; throws when it has none. */
  entryIndex(object: O): number;
  /** The entry's field holding the destinations (`route`, `backendRefs`), and what it must hold. */
  field: string;
  destinations: unknown[];
  signal: AbortSignal;
}

type Entry = Record<string, unknown>;

export async function writeRouteEntry<O extends AnnotatedObject & { spec: object }>(
  write: RouteEntryWrite<O>,
): Promise<void> {
  const { object, signal } = write;
  await retryOnConflict(
    async () => {
      const live = await object.get<O>(signal);
      const recorded = policyRevisionOf(live);
      if (recorded > write.revision) return;
      const index = write.entryIndex(live);
      const spec = live.spec as Record<string, unknown>;
      const list = structuredClone((spec[write.listKey] as Entry[] | undefined) ?? []);
      const current = list[index]?.[write.field];
      if (recorded === write.revision && JSON.stringify(current) === JSON.stringify(write.destinations))
        return;
      list[index] = { ...list[index], [write.field]: write.destinations };
      signal.throwIfAborted();
      await object.mergePatch(
        {
          metadata: {
            resourceVersion: live.metadata.resourceVersion,
            annotations: { [POLICY_REVISION_ANNOTATION]: String(write.revision) },
          },
          spec: { [write.listKey]: list },
        },
        signal,
      );
    },
    { signal, action: `patch ${object.describe}` },
  );
}

/**
 * Why an object read back does not yet show a policy revision: it carries an older one, or the
 * weights this router wrote for that revision were changed since (another writer). Undefined when
 * it does.
 */
export function weightsLag(
  live: AnnotatedObject,
  revision: number,
  written: { revision: number; weights: readonly ReleaseWeight[] } | undefined,
  actual: () => ReleaseWeight[],
  what: string,
): string | undefined {
  const recorded = policyRevisionOf(live);
  if (recorded < revision) return `carries policy revision ${recorded}, not ${revision}`;
  if (written?.revision !== recorded) return undefined;
  const weights = actual();
  if (JSON.stringify(weights) !== JSON.stringify(written.weights))
    return `${what} are ${describeWeights(weights)}, not ${describeWeights(written.weights)} (changed by another writer?)`;
  return undefined;
}

const describeWeights = (weights: readonly ReleaseWeight[]): string =>
  weights.map((w) => `${w.release} ${w.weight}`).join(', ');
