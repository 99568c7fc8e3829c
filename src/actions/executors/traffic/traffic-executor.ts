/**
 * Traffic first: the model's traffic policy sends 100 % to the rollback target. Canary weights
 * and per-region weights are cleared, and header routes, the mirror and the fallback stop
 * pointing at the pulled release; everything else an operator configured (sticky sessions,
 * other header routes, retries) is kept. Written with compare-and-set: if an operator changes
 * the policy at the same instant, the executor re-reads and applies the rollback on top.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConflictError } from '../../../core/errors.js';
import type { Registry } from '../../../registry/registry.js';
import {
  TrafficPolicyInputSchema,
  type TrafficPolicy,
  type TrafficPolicyInput,
} from '../../../registry/traffic-policy.js';
import type { ActionContext, Executor, PlannedAction, VerifyResult } from '../executor.js';
import { rollbackActor } from '../registry-actor.js';

export interface TrafficExecutorOptions {
  /** Conflicting concurrent writes tolerated before giving up. @default 5 */
  maxConflicts?: number;
  /**
   * Resolves once the data plane serves the written policy revision (e.g. the in-process
   * gateway swapped its table), so "execution complete" means users are on the target.
   */
  awaitApplied?: (model: string, revision: number, signal: AbortSignal) => Promise<void>;
}

/** The policy after a rollback of `context.release` to `context.target`, given the current one. */
export function rollbackTrafficPolicy(
  current: TrafficPolicy | undefined,
  context: Pick<ActionContext, 'model' | 'release' | 'target'>,
): TrafficPolicyInput {
  const { model, release, target } = context;
  if (!current) return { model, stable: target };
  const { revision: _r, updatedAt: _u, updatedBy: _b, mirror, fallback, ...spec } = current;
  const next: TrafficPolicyInput = {
    ...spec,
    stable: target,
    weights: [],
    regions: {},
    headerRoutes: spec.headerRoutes.filter((route) => route.release !== release),
  };
  // Absent keys, not `undefined` ones: a resumed rollback must write a policy equal to the stored
  // one, so the registry sees no change and adds no audit entry.
  if (mirror && mirror.release !== release && mirror.release !== target) next.mirror = mirror;
  if (fallback?.release === release) {
    if (fallback.static !== undefined) next.fallback = { static: fallback.static };
  } else if (fallback) next.fallback = fallback;
  return next;
}

/** Why a policy does not yet send all traffic to the target, or undefined when it does. */
export function trafficViolation(
  policy: TrafficPolicy | undefined,
  context: Pick<ActionContext, 'release' | 'target'>,
): string | undefined {
  if (!policy) return 'no traffic policy';
  if (policy.stable !== context.target) return `stable release is ${policy.stable}, not ${context.target}`;
  const weighted = [...policy.weights, ...Object.values(policy.regions).flat()].find((w) => w.weight > 0);
  if (weighted) return `${weighted.release} still has ${weighted.weight} %`;
  if (policy.headerRoutes.some((r) => r.release === context.release))
    return `a header route still pins ${context.release}`;
  if (policy.mirror?.release === context.release) return `${context.release} is still mirrored`;
  return undefined;
}

/** True when writing `desired` over `current` changes nothing (the registry compares the same way). */
export function holdsPolicy(current: TrafficPolicy, desired: TrafficPolicyInput): boolean {
  const { revision: _r, updatedAt: _u, updatedBy: _b, ...spec } = current;
  // JSON round trip: undefined-valued keys must not make an unchanged policy look changed.
  return isDeepStrictEqual(spec, JSON.parse(JSON.stringify(TrafficPolicyInputSchema.parse(desired))));
}

/** What the traffic action would write now, in words. */
export function planTraffic(
  current: TrafficPolicy | undefined,
  context: Pick<ActionContext, 'model' | 'release' | 'target'>,
): PlannedAction {
  const { model, target } = context;
  if (!current)
    return {
      changes: true,
      summary: `traffic for ${model}: create a policy sending 100 % to ${target} (none now)`,
      detail: { revision: null, stable: target },
    };
  if (holdsPolicy(current, rollbackTrafficPolicy(current, context)))
    return {
      changes: false,
      summary: `traffic for ${model}: already 100 % on ${target}`,
      detail: { revision: current.revision },
    };
  const now = trafficViolation(current, context) ?? `other routes still name ${context.release}`;
  return {
    changes: true,
    summary: `traffic for ${model}: 100 % to ${target} (now ${now})`,
    detail: { revision: current.revision, from: current.stable, stable: target },
  };
}

export function createTrafficExecutor(
  registry: Pick<Registry, 'getTrafficPolicy' | 'setTrafficPolicy'>,
  options: TrafficExecutorOptions = {},
): Executor {
  const maxConflicts = options.maxConflicts ?? 5;
  return {
    name: 'traffic',
    async plan(context, signal) {
      signal.throwIfAborted();
      return planTraffic(await registry.getTrafficPolicy(context.model), context);
    },
    async apply(context, signal) {
      for (let conflicts = 0; ; conflicts++) {
        signal.throwIfAborted();
        const current = await registry.getTrafficPolicy(context.model);
        const desired = rollbackTrafficPolicy(current, context);
        try {
          const written = await registry.setTrafficPolicy(desired, {
            ...rollbackActor(context),
            expectedRevision: current?.revision ?? 0,
          });
          await options.awaitApplied?.(context.model, written.revision, signal);
          return {
            changed: written.revision !== current?.revision,
            detail: { revision: written.revision, stable: written.stable, conflicts },
          };
        } catch (error) {
          if (!(error instanceof ConflictError) || conflicts >= maxConflicts) throw error;
        }
      }
    },
    async verify(context): Promise<VerifyResult> {
      const problem = trafficViolation(await registry.getTrafficPolicy(context.model), context);
      return problem
        ? { ok: false, message: `traffic for ${context.model} is not on ${context.target}: ${problem}` }
        : { ok: true, message: `100 % of ${context.model} traffic on ${context.target}` };
    },
  };
}
