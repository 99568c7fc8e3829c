/**
 * Before a rollout starts: its rollback target must be warm (warm-up requests answered within
 * its latency baseline, enough ready replicas), or the rollout is refused, as an unhealthy
 * target is. Without `spec.warmUp` only the health probe runs.
 */
import { PreconditionError } from '../../core/errors.js';
import type { Release } from '../../registry/types.js';
import type { ControllerDeps } from '../controller-deps.js';
import type { RolloutSpec } from '../rollout-spec.js';
import { checkWarm, type WarmReading } from './check-warm.js';

export async function requireWarmTarget(
  deps: ControllerDeps,
  spec: RolloutSpec,
  target: Release,
  now: number,
): Promise<WarmReading | undefined> {
  if (!spec.warmUp) return undefined;
  const reading = await checkWarm(deps, target, { ...spec, warmUp: spec.warmUp }, now);
  if (!reading.warm && !spec.allowFallback)
    throw new PreconditionError(
      `refusing to start: rollback target "${target.name}" is not warm (${reading.message}); a rollback must land on ` +
        'a release that answers at its usual speed. Warm it up, name another with rollbackTo, or set allowFallback: true',
      { warmUp: reading },
    );
  return reading;
}
