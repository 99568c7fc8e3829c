/**
 * The traffic-router contract: how a model's traffic policy reaches the data planes that serve
 * it. The registry holds the policy (the truth, with its revision); a router makes the data plane
 * follow it and confirms when it does (Argo Rollouts' SetWeight + VerifyWeight).
 *
 * Rules every router follows:
 * - `apply` is idempotent: the same policy twice has the effect of once. It resolves when the
 *   change has been handed to the data plane, not necessarily when every replica serves it.
 * - `applied(model, revision)` resolves once every data plane this router feeds serves the model
 *   at `revision` or later, and throws `TrafficNotAppliedError` naming what lags (and why) when
 *   they do not within the router's deadline or `signal` aborts. A router with nothing to wait
 *   for resolves at once.
 * - `capabilities` says which policy features the router can express; the controller refuses a
 *   rollout that needs one it cannot (never a silent drop of header routes or a mirror).
 * - Never put secrets in errors: they are stored with rollbacks and incidents.
 *
 * Shipped: `gateway` (ripcord's own gateways, in-process and remote: traffic/gateway/), `noop`
 * (traffic/noop/), `istio` (VirtualService route weights), `gateway-api` (HTTPRoute backendRef
 * weights), `haproxy` (server weights through the Runtime API) and `argo-rollouts` (an Argo
 * Rollout's canary step: traffic/argo-rollouts/). Coming: KServe canaryTrafficPercent.
 */
import { RipcordError } from '../core/errors.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';

/** Policy features a router can express. */
export interface TrafficRouterCapabilities {
  /** Percent splits between releases (`weights`). */
  weights: boolean;
  /** Per-region splits (`regions`). */
  regions: boolean;
  /** Requests matched by header pinned to a release (`headerRoutes`). */
  headerRoutes: boolean;
  /** A copy of traffic sent to a release whose answers users never see (`mirror`). */
  mirror: boolean;
  /** The same user always on the same release (`sticky`). */
  sticky: boolean;
}

export interface TrafficRouter {
  /** `gateway`, `istio`, `noop`: names the router in errors, events and `doctor`. */
  readonly name: string;
  readonly capabilities: TrafficRouterCapabilities;
  /** Brings the data plane to `policy`, already committed in the registry at `policy.revision`. */
  apply(policy: TrafficPolicy, signal?: AbortSignal): Promise<void>;
  /** Resolves once every data plane serves `model` at `revision` or later (see the rules above). */
  applied(model: string, revision: number, signal?: AbortSignal): Promise<void>;
}

/** Thrown when a traffic change does not reach every data plane in time. */
export class TrafficNotAppliedError extends RipcordError {
  readonly code = 'unavailable';
}

/** The policy features `policy` uses that `capabilities` cannot express (empty when it can). */
export function unsupportedFeatures(
  policy: Pick<TrafficPolicy, 'weights' | 'regions' | 'headerRoutes' | 'mirror' | 'sticky'>,
  capabilities: TrafficRouterCapabilities,
): string[] {
  const used: [keyof TrafficRouterCapabilities, boolean][] = [
    ['weights', policy.weights.length > 0],
    ['regions', Object.keys(policy.regions).length > 0],
    ['headerRoutes', policy.headerRoutes.length > 0],
    ['mirror', policy.mirror !== undefined],
    ['sticky', policy.sticky !== undefined],
  ];
  return used.filter(([feature, inUse]) => inUse && !capabilities[feature]).map(([feature]) => feature);
}
