/**
 * The role a rollout's release held when it was pulled, as recorded in the release mark, the
 * incident and the audit trail. Blue/green sets `promotedAt` at the flip, but until its
 * post-promotion analysis passes the release is still the green side that can flip back, so
 * the stage (not `promotedAt`) tells green from production.
 */
import type { ReleaseRole } from '../registry/types.js';
import type { RolloutSpec } from './rollout-spec.js';
import type { RolloutStatus } from './rollout-state.js';

export function releaseRole(
  spec: RolloutSpec,
  status: Pick<RolloutStatus, 'stage' | 'promotedAt'>,
): ReleaseRole {
  if (spec.shadow) return 'shadow';
  // Both strategies enter the guard stage once fully promoted (canary at 100 %, blue/green after its analysis).
  if (status.stage === 'guard') return 'production';
  if (spec.blueGreen) return 'green';
  return status.promotedAt !== undefined ? 'production' : 'canary';
}
