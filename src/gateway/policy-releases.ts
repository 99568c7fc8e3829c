/**
 * The releases a traffic policy names (stable, weights, header routes, regions, mirror,
 * fallback): the ones a client may pin with `x-ripcord-release`. A release rolled back or
 * retired is out of the policy, so no client can bring it back.
 */
import type { CompiledPolicy, CompiledRelease } from './routing-table.js';

const cache = new WeakMap<CompiledPolicy, ReadonlySet<CompiledRelease>>();

export function policyReleases(policy: CompiledPolicy): ReadonlySet<CompiledRelease> {
  let set = cache.get(policy);
  if (set) return set;
  const names = new Set<CompiledRelease>([policy.stable, ...policy.split.releases]);
  for (const split of policy.regions.values()) for (const r of split.releases) names.add(r);
  for (const route of policy.headerRoutes) names.add(route.release);
  if (policy.mirror) names.add(policy.mirror.release);
  if (policy.fallback?.release) names.add(policy.fallback.release);
  cache.set(policy, (set = names));
  return set;
}
