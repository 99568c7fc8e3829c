import type { Actor } from '../../registry/registry.js';
import type { ActionContext } from './executor.js';

/** The audit identity of a rollback's registry writes: who, why, and the event as request id. */
export function rollbackActor(context: ActionContext): Actor {
  return {
    actor: context.actor,
    reason: `rollback ${context.eventId}: ${context.reason}`,
    requestId: context.eventId,
  };
}
