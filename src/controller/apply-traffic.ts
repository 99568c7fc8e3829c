import { isDeepStrictEqual } from 'node:util';
import { TrafficPolicyInputSchema } from '../registry/traffic-policy.js';
import { desiredTraffic } from './desired-traffic.js';
import type { ReconcileContext } from './reconcile-context.js';

/**
 * Level-triggered: writes the policy only when it differs from what the registry holds, and in
 * either case returns only once the router confirms every data plane serves it (one that cannot
 * apply it stops the rollout here, loudly, instead of letting it advance on traffic that never moved).
 */
export async function applyTraffic(ctx: ReconcileContext): Promise<boolean> {
  const { deps } = ctx;
  const { registry } = deps;
  const known = ctx.knownTraffic;
  const current = known ? known.policy : await registry.getTrafficPolicy(ctx.spec.model);
  const desired = JSON.parse(
    JSON.stringify(TrafficPolicyInputSchema.parse(desiredTraffic(ctx.document(), current))),
  ) as unknown;
  if (current) {
    const { revision: _r, updatedAt: _u, updatedBy: _b, ...held } = current;
    if (isDeepStrictEqual(held, desired)) {
      // Level-triggered all the way down: a data plane that missed the write is brought back.
      await deps.router?.apply(current);
      await deps.router?.applied(ctx.spec.model, current.revision);
      return false;
    }
  }
  await ctx.beforeEffect();
  const written = await registry.setTrafficPolicy(
    desired as Parameters<typeof registry.setTrafficPolicy>[0],
    {
      actor: 'ripcord-controller',
      reason: `rollout ${ctx.name}: ${ctx.status.stage}`,
      // A policy read at the start of the tick may be stale: write over that revision only.
      ...(known ? { expectedRevision: current?.revision ?? 0 } : {}),
    },
  );
  if (known) known.policy = written;
  await deps.router?.apply(written);
  await deps.router?.applied(ctx.spec.model, written.revision);
  return true;
}
