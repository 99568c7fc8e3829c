/**
 * A router with no data plane to move: the policy in the registry is all there is (tests, a
 * control plane whose gateways are out of its reach). It expresses every feature unless told
 * otherwise, applies nothing and has nothing to wait for.
 */
import type { TrafficRouter, TrafficRouterCapabilities } from '../traffic-router.js';

const ALL: TrafficRouterCapabilities = Object.freeze({
  weights: true,
  regions: true,
  headerRoutes: true,
  mirror: true,
  sticky: true,
});

export function noopRouter(capabilities: TrafficRouterCapabilities = ALL): TrafficRouter {
  return {
    name: 'noop',
    capabilities,
    apply: () => Promise.resolve(),
    applied: () => Promise.resolve(),
  };
}
