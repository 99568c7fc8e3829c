/**
 * Every problem type the API answers with (RFC 9457 §3.1.1). Each has a page in docs/problems/
 * named by its slug, served at its `type` URI, so a client that meets an unfamiliar type can read
 * what it means and what to do.
 */
export const PROBLEM_TYPES = {
  validation: { status: 400, title: 'Invalid input' },
  'malformed-body': { status: 400, title: 'Malformed request body' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  immutable: { status: 409, title: 'Immutable record' },
  precondition: { status: 409, title: 'Refused by current state' },
  'stale-revision': { status: 412, title: 'Precondition Failed' },
  'payload-too-large': { status: 413, title: 'Content Too Large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type' },
  internal: { status: 500, title: 'Internal Server Error' },
  unavailable: { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** Where problem type pages are served; type URIs are relative references to it (RFC 3986 §4.2). */
export const PROBLEM_TYPE_BASE = '/api/v1/problems/';

export function problemTypeUri(type: ProblemType): string {
  return `${PROBLEM_TYPE_BASE}${type}`;
}

export function isProblemType(value: string): value is ProblemType {
  return Object.hasOwn(PROBLEM_TYPES, value);
}
