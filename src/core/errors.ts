/**
 * Domain errors. Each carries the ids involved and a message that names the field and the
 * fix; they become RFC 9457 problem+json only at the HTTP edge (api/problem.ts).
 */
export type ErrorCode =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'immutable'
  | 'unauthorized'
  | 'forbidden'
  | 'precondition'
  | 'payload-too-large'
  | 'unavailable';

export abstract class RipcordError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra machine-readable members for the problem document. */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Thrown when input fails validation; `field` is a dotted path such as `serving.backends[0].url`. */
export class ValidationError extends RipcordError {
  readonly code = 'validation';
  constructor(
    readonly field: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { field, ...details });
  }
}

/** Thrown when a named record does not exist. */
export class NotFoundError extends RipcordError {
  readonly code = 'not-found';
  constructor(
    readonly kind: string,
    readonly id: string,
    hint?: string,
  ) {
    super(`${kind} "${id}" not found${hint ? `: ${hint}` : ''}`, { kind, id });
  }
}

/**
 * Thrown on a stale write (optimistic concurrency) or a clash with existing state. Carries the
 * current revision so the caller can re-read and retry: two operators at once produce one winner.
 */
export class ConflictError extends RipcordError {
  readonly code = 'conflict';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** Thrown when asked to change or delete something that is immutable by design (versions, audit). */
export class ImmutableError extends RipcordError {
  readonly code = 'immutable';
}

export class UnauthorizedError extends RipcordError {
  readonly code = 'unauthorized';
}

export class ForbiddenError extends RipcordError {
  readonly code = 'forbidden';
}

/**
 * Thrown when the current state refuses the operation (e.g. no healthy rollback target): 409, as
 * RFC 9110 §15.5.10 says for a request that conflicts with the resource's state. 412 is kept for
 * a failed conditional header (a stale If-Match), decided at the HTTP edge.
 */
export class PreconditionError extends RipcordError {
  readonly code = 'precondition';
}

export class PayloadTooLargeError extends RipcordError {
  readonly code = 'payload-too-large';
}

export class UnavailableError extends RipcordError {
  readonly code = 'unavailable';
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  immutable: 409,
  precondition: 409,
  'payload-too-large': 413,
  unavailable: 503,
};
