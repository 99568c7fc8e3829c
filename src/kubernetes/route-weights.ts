/**
 * A traffic policy's split as the integer weights Istio and the Gateway API take: the stable
 * release gets what the others leave, and percentages with hundredths are rounded by largest
 * remainder so the weights still sum to 100; a tie goes to the stable release, the side that
 * exposes fewer users to a release under test (87.5 / 12.5 becomes 88 / 12, never 88 / 13).
 */
import type { TrafficPolicy } from '../registry/traffic-policy.js';

export interface ReleaseWeight {
  release: string;
  weight: number;
}

export function integerWeights(policy: Pick<TrafficPolicy, 'stable' | 'weights'>): ReleaseWeight[] {
  const others = policy.weights.filter((w) => w.release !== policy.stable);
  const exact = [
    { release: policy.stable, weight: Math.max(0, 100 - others.reduce((sum, w) => sum + w.weight, 0)) },
    ...others.map((w) => ({ release: w.release, weight: w.weight })),
  ];
  const floors = exact.map((w) => ({
    ...w,
    floor: Math.floor(w.weight + 1e-9),
    rest: w.weight - Math.floor(w.weight + 1e-9),
  }));
  let missing = 100 - floors.reduce((sum, w) => sum + w.floor, 0);
  for (const w of [...floors].sort((a, b) => b.rest - a.rest)) {
    if (missing <= 0) break;
    w.floor += 1;
    missing -= 1;
  }
  return floors.map(({ release, floor }) => ({ release, weight: floor }));
}

/** The annotation a router writes with the policy revision an object carries, for `applied` to read back. */
export const POLICY_REVISION_ANNOTATION = 'ripcord.dev/policy-revision';
