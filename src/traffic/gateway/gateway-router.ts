/**
 * ripcord's own gateways as a traffic router. They follow the registry's routing stream, so the
 * committed policy write is the whole of `apply`; `applied` waits on the fleet until every
 * connected gateway (in-process and remote) reports serving the revision.
 */
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import type { TrafficRouter, TrafficRouterCapabilities } from '../traffic-router.js';
import type { RoutingFleet } from './routing-fleet.js';

/** The gateways compile every policy feature. */
const GATEWAY_CAPABILITIES: TrafficRouterCapabilities = Object.freeze({
  weights: true,
  regions: true,
  headerRoutes: true,
  mirror: true,
  sticky: true,
});

/** `fleet` is read per call: the gateway plugin creates it at init, after the router is wired. */
export function gatewayRouter(fleet: RoutingFleet | (() => RoutingFleet)): TrafficRouter {
  const current = typeof fleet === 'function' ? fleet : () => fleet;
  return {
    name: 'gateway',
    capabilities: GATEWAY_CAPABILITIES,
    apply(_policy: TrafficPolicy, signal?: AbortSignal): Promise<void> {
      // The registry write already reached the stream every gateway follows.
      signal?.throwIfAborted();
      return Promise.resolve();
    },
    applied: (model, revision, signal) => current().awaitApplied(model, revision, signal),
  };
}
