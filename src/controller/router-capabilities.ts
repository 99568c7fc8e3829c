/**
 * A rollout is refused at the start when its strategy would write a traffic feature the router
 * cannot express: a mesh that cannot mirror must not be handed a shadow rollout that then runs
 * with nothing mirrored and "passes".
 */
import { ValidationError } from '../core/errors.js';
import { MirrorSchema } from '../registry/traffic-policy.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import { unsupportedFeatures } from '../traffic/traffic-router.js';
import type { TrafficRouter, TrafficRouterCapabilities } from '../traffic/traffic-router.js';
import type { RolloutSpec } from './rollout-spec.js';

type Feature = keyof TrafficRouterCapabilities;
type PolicyFeatures = Pick<TrafficPolicy, 'weights' | 'regions' | 'headerRoutes' | 'mirror' | 'sticky'>;

/** Each feature the rollout will write, with the first spec field that asks for it. */
export function trafficFeaturesOf(spec: RolloutSpec): Map<Feature, string> {
  const uses = new Map<Feature, string>();
  const use = (feature: Feature, field: string): void => {
    if (!uses.has(feature)) uses.set(feature, field);
  };
  spec.canary?.steps.forEach((step, i) => {
    const at = `canary.steps[${i}]`;
    if ('setWeight' in step && step.setWeight > 0) use('weights', `${at}.setWeight`);
    if ('setRegionWeight' in step) use('regions', `${at}.setRegionWeight`);
    if ('setHeaderRoute' in step && step.setHeaderRoute) use('headerRoutes', `${at}.setHeaderRoute`);
    if ('setMirror' in step && step.setMirror) use('mirror', `${at}.setMirror`);
  });
  if (spec.shadow) use('mirror', 'shadow');
  if (spec.sticky) use('sticky', 'sticky');
  return uses;
}

export function requireRouterCapabilities(spec: RolloutSpec, router: TrafficRouter | undefined): void {
  if (!router) return;
  const uses = trafficFeaturesOf(spec);
  const policy: PolicyFeatures = {
    weights: uses.has('weights') ? [{ release: spec.release, weight: 1 }] : [],
    regions: uses.has('regions') ? { any: [] } : {},
    headerRoutes: uses.has('headerRoutes') ? [{ header: 'x', release: spec.release }] : [],
    mirror: uses.has('mirror') ? MirrorSchema.parse({ release: spec.release, percent: 1 }) : undefined,
    sticky: uses.has('sticky') ? spec.sticky : undefined,
  };
  const [missing] = unsupportedFeatures(policy, router.capabilities) as Feature[];
  if (!missing) return;
  const field = uses.get(missing) ?? missing;
  throw new ValidationError(
    field,
    `${field}: the ${router.name} traffic router cannot express ${missing}; ` +
      'remove the step, or run the rollout where traffic goes through a router that can',
    { router: router.name, feature: missing },
  );
}
