/**
 * Errors become RFC 9457 problem documents here, at the HTTP edge, and nowhere else.
 * Domain errors keep their message (which names the field and the fix); anything unexpected
 * becomes a 500 whose details stay in the server log. Every `type` is a page in docs/problems/.
 */
import { ConflictError, RipcordError, ValidationError } from '../core/errors.js';
import { pointerFromField, pointerFromPath } from './json-pointer.js';
import { PROBLEM_TYPES, problemTypeUri } from './problem-types.js';
import type { ProblemType } from './problem-types.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string | undefined;
  [member: string]: unknown;
}

/** One of several validation errors (RFC 9457 §3's `errors` extension, with a JSON Pointer). */
export interface ProblemError {
  detail: string;
  /** Into the request body (`#/serving/backends/0/url`). */
  pointer?: string;
  /** A query, path or header parameter by name. */
  parameter?: string;
  /** The same place, dotted, as the CLI prints it. */
  field: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where a request's input was read from: the body's errors get pointers, the rest a name. */
export type InputPart = 'body' | 'query' | 'params' | 'header';

export function problem(type: ProblemType, detail: string, extra: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: problemTypeUri(type), title, status, detail, ...extra };
}

export interface ProblemContext {
  instance?: string | undefined;
  /** The request carried If-Match: a revision clash means its precondition failed (412). */
  conditional?: boolean | undefined;
}

/** Maps any thrown value to a problem document; `internal` is true when it was not a known error. */
export function toProblem(
  error: unknown,
  context: ProblemContext = {},
): { problem: Problem; internal: boolean } {
  const { instance } = context;
  if (error instanceof RipcordError) {
    const type = problemTypeOf(error, context);
    const { issues, part, ...details } = error.details as { issues?: unknown; part?: unknown };
    const errors =
      error instanceof ValidationError
        ? validationErrors(error, issues, part === undefined ? 'body' : (part as InputPart))
        : undefined;
    return {
      problem: problem(type, error.message, { instance, ...details, ...(errors ? { errors } : {}) }),
      internal: false,
    };
  }
  const fastifyError = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const type = fastifyProblemType(fastifyError.code, fastifyError.statusCode);
    return { problem: problem(type, describeFastifyError(fastifyError), { instance }), internal: false };
  }
  return {
    problem: problem('internal', 'internal error; see the server log for details', { instance }),
    internal: true,
  };
}

function problemTypeOf(error: RipcordError, context: ProblemContext): ProblemType {
  // RFC 9110 §13.1.1: a write whose If-Match names a revision that is no longer current (checked
  // up front, or lost to a concurrent writer) fails its precondition. Without If-Match the same
  // clash is a plain conflict with the resource's state.
  const revisionClash = 'expectedRevision' in error.details || 'currentRevision' in error.details;
  if (error instanceof ConflictError && context.conditional && revisionClash) return 'stale-revision';
  return error.code;
}

/** Each issue of a validation error, located by a JSON Pointer (body) or a parameter name. */
function validationErrors(error: ValidationError, issues: unknown, part: InputPart): ProblemError[] {
  const listed = Array.isArray(issues)
    ? (issues as { field: string; message: string; path?: (string | number)[] }[])
    : [{ field: error.field, message: error.message }];
  // Other members an issue carries (a manifest's document index, kind and name) are kept.
  return listed.map(({ field, message, path, ...rest }) => {
    if (part !== 'body') return { ...rest, detail: message, parameter: field, field };
    const pointer = path ? pointerFromPath(path) : pointerFromField(field);
    return { ...rest, detail: message, pointer, field };
  });
}

function fastifyProblemType(code: unknown, status: number): ProblemType {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload-too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    default:
      if (status === 404) return 'not-found';
      if (status === 413) return 'payload-too-large';
      if (status === 415) return 'unsupported-media-type';
      return 'malformed-body';
  }
}

function describeFastifyError(error: { code?: unknown; message?: unknown; statusCode?: unknown }): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is larger than the server accepts; split the manifest or start the server with a larger `ripcord up --body-limit <bytes>`';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send the body as application/json (Content-Type: application/json)';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty; send a JSON document';
    default:
      if (error.statusCode === 400 && typeof error.message === 'string' && /JSON/i.test(error.message)) {
        return `the body is not valid JSON: ${error.message}`;
      }
      return typeof error.message === 'string' ? error.message : 'bad request';
  }
}
