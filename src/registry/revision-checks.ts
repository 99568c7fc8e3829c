/**
 * Optimistic concurrency on revisioned records: a write names the revision it read, and a stale
 * one is refused with a ConflictError carrying the current revision, so the client can re-read.
 */
import { ConflictError } from '../core/errors.js';

/** Refuses a write whose expected revision is not the current one (no expectation: any goes). */
export function checkRevision(kind: string, id: string, current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ConflictError(
      `${kind} "${id}" is at revision ${current}, not ${expected}: someone changed it since you read it; re-read and retry`,
      { kind, id, currentRevision: current, expectedRevision: expected },
    );
  }
}

/**
 * A compare-and-set that lost its race. `current` is the winner's revision, read after the failed
 * update (under READ COMMITTED the loser's next statement sees the committed winner), so the
 * client knows what to re-read; undefined when the record is gone.
 */
export function lostRevisionRace(
  kind: string,
  id: string,
  expected: number,
  current?: number,
): ConflictError {
  return new ConflictError(
    current === undefined
      ? `${kind} "${id}" changed concurrently (expected revision ${expected}); re-read and retry`
      : `${kind} "${id}" changed concurrently: it is at revision ${current}, not ${expected}; re-read and retry`,
    {
      kind,
      id,
      ...(current === undefined ? {} : { currentRevision: current }),
      expectedRevision: expected,
    },
  );
}

/** A unique-key clash on create: another writer got there first. */
export function createdConcurrently(cause: string): ConflictError {
  return new ConflictError('the record was created concurrently by another request; re-read and retry', {
    cause,
  });
}
