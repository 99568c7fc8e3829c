/**
 * While a rollout drives a model's traffic, its controller re-applies the rollout's policy on
 * every tick: an operator's own change would be accepted and then silently undone. Operator
 * writes (PUT /traffic, a TrafficPolicy manifest) ask the owner first and get a 409 instead.
 */
import { ConflictError } from '../core/errors.js';

/** The rollout driving `model`'s traffic now, if any. */
export type TrafficOwner = (model: string) => Promise<{ rollout: string; phase: string } | undefined>;

/** Throws a ConflictError naming the rollout when one drives the model's traffic. */
export async function assertTrafficFree(owner: TrafficOwner | undefined, model: string): Promise<void> {
  const driving = await owner?.(model);
  if (!driving) return;
  throw new ConflictError(
    `the traffic of ${model} is driven by rollout "${driving.rollout}" (${driving.phase}); its controller would ` +
      `undo this change. Finish it, or \`ripcord rollout abort ${driving.rollout}\` (or rollback) first`,
    { model, rollout: driving.rollout, phase: driving.phase },
  );
}
