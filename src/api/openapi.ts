import { z } from 'zod';
import type { RouteDefinition } from './define-route.js';

/** OpenAPI 3.1 document generated from the same route table and zod schemas that validate requests. */
export function openApiDocument(
  routes: readonly RouteDefinition[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.url.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters = [
      ...objectParameters(route.params, 'path'),
      ...objectParameters(route.query, 'query'),
      ...(route.method === 'GET' || route.role === 'public'
        ? []
        : [
            {
              name: 'If-Match',
              in: 'header',
              required: false,
              description: 'Expected revision for a conditional write',
              schema: { type: 'string' },
            },
            {
              name: 'X-Ripcord-Reason',
              in: 'header',
              required: false,
              description: 'Why; recorded in the audit trail',
              schema: { type: 'string' },
            },
          ]),
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
              content: { 'application/json': { schema: toSchema(route.body) } },
            },
          }
        : {}),
      responses: {
        [status]: { description: 'Success', content: { 'application/json': { schema: { type: 'object' } } } },
        default: { $ref: '#/components/responses/Problem' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ripcord API',
      version,
      description: 'Release ML models safely and take a bad one back in seconds.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Roles: viewer < operator < admin' },
      },
      responses: {
        Problem: {
          description: 'RFC 9457 problem document naming the field and the fix',
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                required: ['type', 'title', 'status', 'detail'],
                properties: {
                  type: { type: 'string' },
                  title: { type: 'string' },
                  status: { type: 'integer' },
                  detail: { type: 'string' },
                  field: { type: 'string' },
                  instance: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
}

function toSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function objectParameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
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
