/**
 * The control plane's HTTP API: every route from one table, authenticated and validated the
 * same way, errors as problem+json. Other parts (controller, gateway feed) contribute routes.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseInput } from '../core/parse-input.js';
import type { ManifestKind } from '../manifests/index.js';
import { registryKinds } from '../manifests/index.js';
import type { Registry } from '../registry/registry.js';
import type { TokenInfo } from '../registry/types.js';
import { authorize, bearerSecret } from './auth.js';
import type { RouteDefinition } from './define-route.js';
import { openApiDocument } from './openapi.js';
import { problem, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import type { InputPart } from './problem.js';
import { problemPageRoute } from './problem-pages.js';
import { ApplyResponse } from './responses/registry-responses.js';
import { applyRoute } from './routes/apply-route.js';
import { ofrepRoutes } from './routes/ofrep-routes.js';
import { registryRoutes } from './routes/registry-routes.js';
import type { TrafficApplied } from '../registry/traffic-applied.js';
import type { TrafficOwner } from '../registry/traffic-owner.js';
import { z } from 'zod';
import { StreamGuard } from './stream-guard.js';

export interface ApiOptions {
  registry: Registry;
  logger?: Logger | undefined;
  /** Routes contributed by other parts (rollouts, incidents, routing feed). */
  routes?: readonly RouteDefinition[] | undefined;
  /** Extra manifest kinds (e.g. Rollout), applied with the registry kinds. */
  manifestKinds?: readonly ManifestKind<never>[] | undefined;
  /** Services handed to extra manifest kinds. */
  manifestServices?: Record<string, unknown> | undefined;
  /** The rollout driving a model's traffic: operator traffic writes get a 409 naming it. */
  trafficOwner?: TrafficOwner | undefined;
  /** Waits for the gateways to serve a committed traffic policy (`PUT /traffic/{model}?wait=true`). */
  trafficApplied?: TrafficApplied | undefined;
  /** @default 1 MiB */
  bodyLimit?: number | undefined;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  version?: string | undefined;
  /**
   * Check every success body against its route's `response` schema and answer 500 on a mismatch
   * (the API suite turns this on, so the OpenAPI document cannot drift from what is served).
   */
  checkResponses?: boolean | undefined;
  /** Non-API HTTP handlers (the dashboard at `/`), registered before the server is ready. */
  mount?: readonly ((app: FastifyInstance) => void)[] | undefined;
}

const SYSTEM_PRINCIPAL: TokenInfo = {
  id: 'public',
  name: 'anonymous',
  role: 'viewer',
  createdAt: '',
  createdBy: '',
};

export async function createApi(
  options: ApiOptions,
): Promise<{ app: FastifyInstance; routes: RouteDefinition[] }> {
  const { registry } = options;
  const app = Fastify({
    ...(options.tls ? { https: options.tls } : {}),
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : newId('req');
    },
  }) as unknown as FastifyInstance;

  const kinds = [...registryKinds, ...((options.manifestKinds ?? []) as unknown as ManifestKind<unknown>[])];
  const services = { registry, trafficOwner: options.trafficOwner, ...options.manifestServices };
  const routes: RouteDefinition[] = [
    ...registryRoutes(registry, {
      trafficOwner: options.trafficOwner,
      trafficApplied: options.trafficApplied,
    }),
    { ...applyRoute(services, kinds, (work) => registry.atomically(work)), response: ApplyResponse },
    ...ofrepRoutes(registry),
    ...(options.routes ?? []),
  ];
  const meta = [openApiRoute(), healthRoute(), problemPageRoute()];
  const document = openApiDocument([...routes, ...meta], options.version ?? '0.1.0');
  routes.push(
    { ...openApiRoute(), handler: () => Promise.resolve(document) },
    healthRoute(),
    problemPageRoute(),
  );

  // Only JSON bodies are read: without this Fastify parses text/plain into a string, which then
  // fails validation as a 400 where RFC 9110 §15.5.16 says 415.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const conditional = request.headers['if-match'] !== undefined;
    const answer = toProblem(error, { instance: request.url, conditional });
    if (answer.internal) request.log.error({ err: error }, 'unhandled error');
    void reply
      .status(answer.problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(answer.problem);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(
        problem(
          'not-found',
          `no route ${request.method} ${request.url.split('?')[0]}; see /api/v1/openapi.json`,
          { instance: request.url },
        ),
      );
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  // Who is calling is settled before the body is read, so a caller without a valid token learns
  // nothing about the body (401, never a 400 about its JSON).
  const principals = new WeakMap<FastifyRequest, TokenInfo>();
  const streams = new StreamGuard(registry);
  app.addHook('onClose', async () => streams.close());
  for (const route of routes) {
    app.route({
      method: route.method,
      url: `/api/v1${route.url}`,
      onRequest: async (request, reply) => {
        const principal =
          route.role === 'public'
            ? SYSTEM_PRINCIPAL
            : await authorize(registry, request.headers.authorization, route.role);
        principals.set(request, principal);
        const secret = bearerSecret(request.headers.authorization);
        if (secret && (request.headers.accept ?? '').includes('text/event-stream'))
          streams.watch(principal.id, secret, reply.raw);
      },
      handler: async (request, reply) => {
        const principal = principals.get(request);
        if (!principal) throw new Error(`no principal resolved for ${request.method} ${request.url}`);
        const params = route.params ? parsePart(route.params, request.params, 'params') : {};
        const query = route.query ? parsePart(route.query, request.query, 'query') : {};
        const body = route.body ? parsePart(route.body, request.body ?? undefined, 'body') : undefined;
        const reasonHeader = request.headers['x-ripcord-reason'];
        const bodyReason = (body as { reason?: unknown } | undefined)?.reason;
        const actor = {
          actor: principal.name,
          reason:
            typeof bodyReason === 'string'
              ? bodyReason
              : typeof reasonHeader === 'string'
                ? reasonHeader
                : undefined,
          requestId: request.id,
          expectedRevision: ifMatch(request.headers['if-match']),
        };
        if (route.successStatus) void reply.status(route.successStatus);
        const result = await route.handler({ params, query, body, principal, actor, request, reply });
        if (reply.sent) return reply;
        if (options.checkResponses) checkResponse(route, result);
        const revision = (result as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number') void reply.header('etag', `"${revision}"`);
        return result ?? null;
      },
    });
  }
  for (const mount of options.mount ?? []) mount(app);
  await app.ready();
  return { app, routes };
}

/** Validates one part of the request; its errors say which part (pointers only into the body). */
function parsePart(schema: z.ZodType, value: unknown, part: InputPart): unknown {
  try {
    return parseInput(schema, value, '');
  } catch (error) {
    if (error instanceof ValidationError && part !== 'body') {
      throw new ValidationError(error.field, error.message, { ...error.details, part });
    }
    throw error;
  }
}

function checkResponse(route: RouteDefinition, result: unknown): void {
  if (!route.response || route.eventStream) return;
  const checked = route.response.safeParse(result ?? null);
  if (!checked.success) {
    const where = checked.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    // A 500: the server broke its own document, whatever the client sent.
    throw new Error(`${route.method} ${route.url} answered outside its response schema: ${where}`);
  }
}

/** `If-Match: "3"` (or 3, or W/"3") → 3; `*` or absent → unconditional. */
function ifMatch(header: string | undefined): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match?.[1]) {
    throw new ValidationError('If-Match', 'If-Match: give the revision you read, e.g. If-Match: "3"');
  }
  return Number(match[1]);
}

function openApiRoute(): RouteDefinition {
  return {
    method: 'GET',
    url: '/openapi.json',
    // Readable without a token, as tools that "point at openapi.json" expect; it holds no data.
    role: 'public',
    tag: 'meta',
    summary: 'This OpenAPI document (no authentication)',
    response: z.record(z.string(), z.unknown()),
    handler: () => Promise.resolve({}),
  };
}

function healthRoute(): RouteDefinition {
  return {
    method: 'GET',
    url: '/healthz',
    role: 'public',
    tag: 'meta',
    summary: 'Liveness of the control plane (no authentication)',
    response: z.object({ status: z.literal('ok') }).strict(),
    handler: () => Promise.resolve({ status: 'ok' }),
  };
}
