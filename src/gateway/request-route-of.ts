/**
 * The route a request is logged and recorded under: one shared RequestRoute per (release,
 * region, pinned), so the request log holds references, not an object per request. Shared by the
 * REST and gRPC exchanges.
 */
import type { RequestRoute } from './request-log.js';
import type { CompiledRelease } from './routing-table.js';

/**
 * The release label a pinned request is recorded under: apart from the release's own telemetry,
 * which the judges read, so a client choosing its release cannot sway a verdict. (`+` is not
 * allowed in release names, so the label never names a real release.)
 */
export const PINNED_SUFFIX = '+pinned';

const routes = new WeakMap<CompiledRelease, Map<string, RequestRoute>>();
const pinnedRoutes = new WeakMap<CompiledRelease, Map<string, RequestRoute>>();
export function routeOf(release: CompiledRelease, region: string, pinned: boolean): RequestRoute {
  const all = pinned ? pinnedRoutes : routes;
  let byRegion = all.get(release);
  if (!byRegion) all.set(release, (byRegion = new Map()));
  let route = byRegion.get(region);
  if (!route)
    byRegion.set(
      region,
      (route = {
        model: release.model,
        release: release.name,
        region,
        ...(pinned ? { label: release.name + PINNED_SUFFIX } : {}),
      }),
    );
  return route;
}
