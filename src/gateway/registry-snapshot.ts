/**
 * Builds a RoutingSnapshot from the registry, for the local routing source (`ripcord up` calls
 * `gateway.setRoutes(await registrySnapshot(registry))` on every change) and for the routing
 * stream the API serves. Depends on the Registry contract only.
 */
import type { Registry } from '../registry/registry.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import type { RoutingSnapshot } from './routing-snapshot.js';

export type SnapshotSource = Pick<
  Registry,
  'listModels' | 'listReleases' | 'listTrafficPolicies' | 'listFlags'
>;

/** Every release a policy names, so an archived release still referenced keeps serving. */
function referenced(policy: TrafficPolicy): string[] {
  return [
    policy.stable,
    ...policy.weights.map((w) => w.release),
    ...Object.values(policy.regions).flatMap((ws) => ws.map((w) => w.release)),
    ...policy.headerRoutes.map((r) => r.release),
    ...(policy.mirror ? [policy.mirror.release] : []),
    ...(policy.fallback?.release ? [policy.fallback.release] : []),
  ];
}

/**
 * The snapshot's revision is the latest `updatedAt` (epoch ms) of anything in it: monotonic with
 * the store's clock, so gateways can ignore a stale snapshot.
 */
export async function registrySnapshot(registry: SnapshotSource): Promise<RoutingSnapshot> {
  const [models, releases, policies, flags] = await Promise.all([
    registry.listModels(),
    registry.listReleases(),
    registry.listTrafficPolicies(),
    registry.listFlags(),
  ]);
  const needed = new Set(policies.flatMap(referenced));
  const live = releases.filter((r) => !r.archived || needed.has(r.name));
  let revision = 0;
  for (const x of [...models, ...live, ...policies, ...flags]) {
    const t = Date.parse(x.updatedAt);
    if (Number.isFinite(t) && t > revision) revision = t;
  }
  return { revision, models, releases: live, policies, flags };
}
