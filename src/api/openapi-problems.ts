/**
 * The problem documents (RFC 9457) each operation can answer, for the OpenAPI document: a client
 * generated from it knows a 412 or a 415 is possible, and reads each as a typed problem.
 */
import type { RouteDefinition } from './define-route.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from './problem-types.js';

const problemSchema = {
  type: 'object',
  description: `RFC 9457 problem document; \`type\` is a page under ${PROBLEM_TYPE_BASE}`,
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', format: 'uri-reference' },
    field: { type: 'string', description: 'The first offending field, dotted (serving.backends[0].url)' },
    errors: {
      type: 'array',
      description: 'Every validation error, each located by a JSON Pointer into the body or a parameter name',
      items: {
        type: 'object',
        required: ['detail', 'field'],
        properties: {
          detail: { type: 'string' },
          pointer: { type: 'string', format: 'json-pointer', description: 'e.g. #/serving/backends/0/url' },
          parameter: { type: 'string' },
          field: { type: 'string' },
        },
      },
    },
    currentRevision: { type: 'integer' },
    expectedRevision: { type: 'integer' },
  },
  additionalProperties: true,
};

const RESPONSES = {
  BadRequest: [400, 'Invalid input: `errors` lists every field with a JSON Pointer and the fix'],
  Unauthorized: [401, 'No valid bearer token'],
  Forbidden: [403, "The token's role is below the one this operation needs"],
  NotFound: [404, 'A named record does not exist'],
  Conflict: [409, 'Refused by the current state (a clash, an immutable record, no healthy rollback target)'],
  PreconditionFailed: [412, 'If-Match named a revision that is no longer current: re-read and retry'],
  ContentTooLarge: [413, 'The body is larger than the server accepts'],
  UnsupportedMediaType: [415, 'The body is not application/json'],
  Problem: [500, 'Unexpected error (500) or the control plane is unavailable (503)'],
} as const;

type ResponseName = keyof typeof RESPONSES;

export function problemComponents(): {
  schemas: Record<string, unknown>;
  responses: Record<string, unknown>;
} {
  const responses = Object.fromEntries(
    Object.entries(RESPONSES).map(([name, [, description]]) => [
      name,
      {
        description,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
  const types = Object.keys(PROBLEM_TYPES).map((slug) => `${PROBLEM_TYPE_BASE}${slug}`);
  const described = { ...problemSchema, description: `${problemSchema.description} (${types.join(', ')})` };
  return { schemas: { Problem: described }, responses };
}

/** The error statuses an operation can answer, each referencing a shared problem response. */
export function errorResponses(route: RouteDefinition): Record<string, unknown> {
  const hasInput = Boolean(route.params ?? route.query ?? route.body);
  const writes = route.method !== 'GET';
  const names: [string, ResponseName][] = [];
  if (hasInput) names.push(['400', 'BadRequest']);
  if (route.role !== 'public') {
    names.push(['401', 'Unauthorized']);
    if (route.role !== 'viewer') names.push(['403', 'Forbidden']);
  }
  if (route.params) names.push(['404', 'NotFound']);
  if (writes && route.role !== 'public') {
    names.push(['409', 'Conflict'], ['412', 'PreconditionFailed']);
  }
  if (route.body) names.push(['413', 'ContentTooLarge'], ['415', 'UnsupportedMediaType']);
  return {
    ...Object.fromEntries(
      names.map(([status, name]) => [status, { $ref: `#/components/responses/${name}` }]),
    ),
    default: { $ref: '#/components/responses/Problem' },
  };
}
