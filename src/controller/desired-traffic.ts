/** The traffic policy a rollout wants right now, merged onto the model's existing policy. */
import { rollbackTrafficPolicy } from '../actions/executors/traffic/traffic-executor.js';
import type { TrafficPolicy, TrafficPolicyInput } from '../registry/traffic-policy.js';
import type { RolloutDocument } from './rollout-state.js';

export function desiredTraffic(doc: RolloutDocument, current: TrafficPolicy | undefined): TrafficPolicyInput {
  const { spec, status } = doc;
  const keep = {
    regionHeader: current?.regionHeader,
    fallback: current?.fallback,
    retryOnStable: current?.retryOnStable,
    sticky: spec.sticky ?? current?.sticky,
  };
  const promoted = status.promotedAt !== undefined;
  if (status.phase === 'RolledBack' || status.phase === 'RollingBack') {
    // One truth: the policy the rollback plan's traffic action writes.
    return rollbackTrafficPolicy(current, {
      model: spec.model,
      release: spec.release,
      target: status.rollback?.target ?? status.baseline,
    });
  }
  if (status.phase === 'Aborted' || status.phase === 'Blocked') {
    return { ...keep, model: spec.model, stable: status.baseline };
  }
  if (promoted) return { ...keep, model: spec.model, stable: spec.release };
  const weights = status.weight > 0 ? [{ release: spec.release, weight: status.weight }] : [];
  const regions = Object.fromEntries(
    Object.entries(status.regionWeights).map(([region, weight]) => [
      region,
      weight > 0 ? [{ release: spec.release, weight }] : [],
    ]),
  );
  return {
    ...keep,
    model: spec.model,
    stable: status.baseline,
    weights,
    regions,
    headerRoutes: status.headerRoute ? [{ ...status.headerRoute, release: spec.release }] : [],
    ...(status.mirrorPercent > 0
      ? {
          mirror: {
            release: spec.release,
            percent: status.mirrorPercent,
            segmentBy: spec.shadow?.segmentBy ?? current?.mirror?.segmentBy ?? [],
            ...(spec.shadow?.compare ? { compare: spec.shadow.compare } : {}),
          },
        }
      : {}),
  };
}
