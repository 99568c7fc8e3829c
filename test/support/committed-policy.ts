/**
 * A traffic policy as the registry hands it to a router once committed: `<model>-v1` stable
 * unless the input says otherwise, at `revision`.
 */
import { TrafficPolicyInputSchema, type TrafficPolicy } from '../../src/registry/traffic-policy.js';

export function committedPolicy(
  model: string,
  revision: number,
  input: Record<string, unknown> = {},
): TrafficPolicy {
  return {
    ...TrafficPolicyInputSchema.parse({ model, stable: `${model}-v1`, ...input }),
    revision,
    updatedAt: new Date().toISOString(),
    updatedBy: 'test',
  };
}
