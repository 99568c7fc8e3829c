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
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { applyRoute } from './routes/apply-route.js';
import { registryRoutes } from './routes/registry-routes.js';
import type { TrafficOwner } from '../registry/traffic-owner.js';
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
  /** @default 1 MiB */
  bodyLimit?: number | undefined;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  version?: string | undefined;
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
    ...registryRoutes(registry, { trafficOwner: options.trafficOwner }),
    applyRoute(services, kinds, (work) => registry.atomically(work)),
    ...(options.routes ?? []),
  ];
  const document = openApiDocument([...routes, openApiRoute(), healthRoute()], options.version ?? '0.1.0');
  routes.push({ ...openApiRoute(), handler: () => Promise.resolve(document) }, healthRoute());

  app.setErrorHandler((error, request, reply) => {
    const { problem, internal } = toProblem(error, request.url);
    if (internal) request.log.error({ err: error }, 'unhandled error');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `no route ${request.method} ${request.url.split('?')[0]}; see /api/v1/openapi.json`,
      });
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
        const params = route.params ? parseInput(route.params, request.params, '') : {};
        const query = route.query ? parseInput(route.query, request.query, '') : {};
        const body = route.body ? parseInput(route.body, request.body ?? undefined, '') : undefined;
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
    role: 'viewer',
    tag: 'meta',
    summary: 'This OpenAPI document',
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
    handler: () => Promise.resolve({ status: 'ok' }),
  };
}
