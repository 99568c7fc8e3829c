/**
 * OpenAPI 3.1 document generated from the same route table and zod schemas that validate requests
 * and (in the API suite) responses: typed success bodies, the problem documents each operation can
 * answer, event streams as `text/event-stream`, and only formats OpenAPI and JSON Schema define.
 */
import type { RouteDefinition } from './define-route.js';
import { jsonSchemaOf, SchemaCollector } from './openapi-schemas.js';
import { errorResponses, problemComponents } from './openapi-problems.js';

export function openApiDocument(
  routes: readonly RouteDefinition[],
  version: string,
): Record<string, unknown> {
  const schemas = new SchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.url.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const writes = route.method !== 'GET' && route.role !== 'public';
    const parameters = [
      ...objectParameters(route.params, 'path'),
      ...objectParameters(route.query, 'query'),
      ...(writes
        ? [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              description:
                'The revision you read (its ETag, e.g. "3"): the write happens only if it is still current, else 412',
              schema: { type: 'string' },
            },
            {
              name: 'X-Ripcord-Reason',
              in: 'header',
              required: false,
              description: 'Why; recorded in the audit trail',
              schema: { type: 'string' },
            },
          ]
        : []),
    ];
    const status = String(route.successStatus ?? 200);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: operationId(route),
      ...(route.role === 'public' ? { security: [] } : { 'x-ripcord-role': route.role }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: !route.body.safeParse(undefined).success,
              content: { 'application/json': { schema: schemas.add(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [status]: successResponse(schemas, route),
        ...errorResponses(route),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ripcord API',
      version,
      description:
        'Release ML models safely and take a bad one back in seconds. Errors are RFC 9457 problem ' +
        'documents; each `type` is a page served under /api/v1/problems/.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Roles: viewer < operator < admin' },
      },
      ...mergeComponents(problemComponents(), schemas.components()),
    },
  };
}

function successResponse(schemas: SchemaCollector, route: RouteDefinition): Record<string, unknown> {
  if (route.eventStream) {
    return {
      description: 'A stream of server-sent events (`event:` names the kind, `data:` holds JSON)',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    };
  }
  const schema = route.response ? schemas.add(route.response, 'output') : {};
  return {
    description: route.successStatus === 201 ? 'Created' : 'Success',
    content: { [route.contentType ?? 'application/json']: { schema } },
  };
}

function mergeComponents(
  problems: { schemas: Record<string, unknown>; responses: Record<string, unknown> },
  collected: Record<string, unknown>,
): { schemas: Record<string, unknown>; responses: Record<string, unknown> } {
  return { schemas: { ...problems.schemas, ...collected }, responses: problems.responses };
}

function objectParameters(
  schema: RouteDefinition['params'],
  where: 'path' | 'query',
): Record<string, unknown>[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input') as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function operationId(route: RouteDefinition): string {
  const words = route.url
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part));
  return [route.method.toLowerCase(), ...words]
    .join('-')
    .replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, '');
}
