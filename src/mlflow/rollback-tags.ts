/**
 * The audit tags a rollback leaves on both MLflow versions, as the seed's
 * `rollback_model_artifact` writes them: the target gets `rollback.role=rollback_target`, the
 * pulled version `rolled_back_from`. Values derive from the stored decision only (not the time of
 * writing), so a resumed rollback writes the same tags and finds nothing to change.
 */
export const ROLLBACK_REASON_LIMIT = 500;

export type RollbackTagRole = 'rollback_target' | 'rolled_back_from';

export interface RollbackEvent {
  eventId: string;
  decidedAt: number;
  actor: string;
  trigger: string;
  reason: string;
}

export function rollbackTags(event: RollbackEvent, role: RollbackTagRole): Record<string, string> {
  return {
    'rollback.event_id': event.eventId,
    'rollback.timestamp': new Date(event.decidedAt).toISOString(),
    'rollback.triggered_by': event.trigger === 'manual' ? event.actor : `${event.actor} (${event.trigger})`,
    'rollback.reason': truncate(event.reason, ROLLBACK_REASON_LIMIT),
    'rollback.role': role,
  };
}

/** Cuts at a code point boundary so a reason never ends in half a character. */
function truncate(text: string, limit: number): string {
  const points = [...text];
  return points.length <= limit ? text : points.slice(0, limit).join('');
}

/** The tags of `wanted` that `current` lacks or holds with another value. */
export function missingTags(
  current: Record<string, string>,
  wanted: Record<string, string>,
): [string, string][] {
  return Object.entries(wanted).filter(([key, value]) => current[key] !== value);
}
