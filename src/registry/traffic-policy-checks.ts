/**
 * What the registry decides about a traffic policy, apart from how it is stored: which releases it
 * names (and under which field), that canary weights leave the stable release a share, that its
 * stable release serves no disabled feature flag, and when a re-apply changes nothing.
 */
import { ValidationError } from '../core/errors.js';
import type { TrafficPolicy, TrafficPolicyInput, TrafficPolicySpec } from './traffic-policy.js';
import { TrafficPolicyInputSchema } from './traffic-policy.js';
import { parseInput } from '../core/parse-input.js';

/** A release a policy names, with the field that names it. */
export interface PolicyReleaseRef {
  field: string;
  release: string;
}

/** Every release the policy routes to, mirrors to or falls back on, in field order. */
export function policyReleaseRefs(spec: TrafficPolicySpec): PolicyReleaseRef[] {
  return [
    { field: 'stable', release: spec.stable },
    ...spec.weights.map((w, i) => ({ field: `weights[${i}].release`, release: w.release })),
    ...spec.headerRoutes.map((r, i) => ({ field: `headerRoutes[${i}].release`, release: r.release })),
    ...Object.entries(spec.regions).flatMap(([region, weights]) =>
      weights.map((w, i) => ({ field: `regions.${region}[${i}].release`, release: w.release })),
    ),
    ...(spec.mirror ? [{ field: 'mirror.release', release: spec.mirror.release }] : []),
    ...(spec.fallback?.release ? [{ field: 'fallback.release', release: spec.fallback.release }] : []),
  ];
}

/** A named release must exist (`servesModel`: the model it serves, undefined when it does not). */
export function checkPolicyRelease(
  ref: PolicyReleaseRef,
  servesModel: string | undefined,
  model: string,
): void {
  if (servesModel === undefined)
    throw new ValidationError(
      ref.field,
      `${ref.field}: release "${ref.release}" does not exist; create it first`,
    );
  if (servesModel !== model) {
    throw new ValidationError(
      ref.field,
      `${ref.field}: release "${ref.release}" serves model "${servesModel}", not "${model}"`,
    );
  }
}

/**
 * The stable release takes every request no canary takes: a disabled flag on one of its feature
 * versions would be served to everyone (gateways refuse to serve it at all).
 */
export function checkStableFlags(spec: TrafficPolicySpec, disabledKeys: readonly string[]): void {
  if (disabledKeys.length === 0) return;
  throw new ValidationError(
    'stable',
    `stable: release "${spec.stable}" uses ${disabledKeys.join(', ')}, whose flag is disabled; ` +
      `enable it (PUT /api/v1/flags/${disabledKeys[0]}) or choose a release without it`,
  );
}

/** Canary weights (overall and per region) add up to at most 100 %: the stable release takes the rest. */
export function checkCanaryWeightTotals(spec: TrafficPolicySpec): void {
  const sums: [string, { weight: number }[]][] = [
    ['weights', spec.weights],
    ...Object.entries(spec.regions).map(([r, w]): [string, { weight: number }[]] => [`regions.${r}`, w]),
  ];
  for (const [field, weights] of sums) {
    const total = weights.reduce((sum, w) => sum + Math.round(w.weight * 100), 0);
    if (total > 10_000) {
      throw new ValidationError(
        field,
        `${field}: canary weights add up to ${total / 100} %; they must not exceed 100 % (the stable release takes the rest)`,
      );
    }
  }
}

/**
 * The policy input validated, with defaults applied; a JSON round trip drops undefined-valued
 * keys so they cannot make an unchanged policy look changed.
 */
export function parseTrafficPolicy(input: TrafficPolicyInput): TrafficPolicySpec {
  return JSON.parse(JSON.stringify(parseInput(TrafficPolicyInputSchema, input))) as TrafficPolicySpec;
}

/** The policy as written by its author, without the registry's bookkeeping. */
export function policySpecOf(
  policy: TrafficPolicy,
): Omit<TrafficPolicy, 'revision' | 'updatedAt' | 'updatedBy'> {
  const { revision: _r, updatedAt: _u, updatedBy: _b, ...spec } = policy;
  return spec;
}
