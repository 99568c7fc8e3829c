/**
 * The inference gateway: a node:http server whose hot path matches the model, picks a release
 * from the in-memory routing table, proxies with undici and records per-release telemetry.
 * Its own endpoints: /healthz, /readyz, /metrics, POST /feedback, GET /shadow/{model},
 * /v2/health/live|ready.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { pino } from 'pino';

import { systemClock, type Clock } from '../core/clock.js';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../telemetry/create-telemetry.js';
import { metricsHandler, type MetricsHandler } from '../telemetry/metrics-handler.js';
import { Backends, type PoolOptions } from './backends.js';
import type { BreakerOptions } from './circuit-breaker.js';
import { FeedbackBatchSchema, FeedbackSchema, feedbackIssuePath, type Feedback } from './feedback.js';
import type { GatewayContext, GatewayLogger } from './gateway-context.js';
import { parseLenientJson } from './lenient-json.js';
import { pickRelease } from './pick-release.js';
import { sendJson, sendProblem } from './problem.js';
import { Exchange } from './proxy-exchange.js';
import { rawHeader } from './raw-header.js';
import { readBody } from './read-body.js';
import { nextRequestId } from './request-id.js';
import { RequestLog } from './request-log.js';
import { compileRoutingTable, type RoutingSnapshot } from './routing-snapshot.js';
import type { CompiledModel, CompiledPolicy, RoutingTable } from './routing-table.js';
import { jsonPassthrough } from './protocols/json-passthrough.js';
import { kserveV2 } from './protocols/kserve-v2.js';
import type { ProtocolAdapter } from './protocols/protocol.js';
import { tfserving } from './protocols/tfserving.js';
import { registerShadowMetrics } from './shadow/shadow-metrics.js';
import { ShadowMirror } from './shadow/shadow-mirror.js';
import type { ShadowReport } from './shadow/shadow-report.js';

export interface GatewayLimits {
  /** Largest request body accepted; larger gets 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Largest backend response accepted; larger gets 502. @default 16777216 (16 MiB) */
  maxResponseBytes?: number;
}

/** Overrides a `--workers` cluster uses so every worker answers with the merged view. */
export interface GatewayHooks {
  metrics?: () => Promise<{ contentType: string; body: string }>;
  shadowReport?: (model: string) => Promise<ShadowReport | undefined>;
  /** Feedback naming a request id this worker did not serve (another worker may have). */
  unknownRequest?: (feedback: Feedback) => void;
}

export interface GatewayOptions {
  /** Where requests are recorded; default: a telemetry whose input schemas come from the routing table. */
  telemetry?: Telemetry;
  /** Options for the default telemetry (ignored when `telemetry` is given). */
  telemetryOptions?: Partial<Omit<TelemetryOptions, 'clock' | 'schemas'>>;
  /** @default systemClock */
  clock?: Clock;
  /** @default pino at level info */
  logger?: GatewayLogger;
  limits?: GatewayLimits;
  breaker?: BreakerOptions;
  pool?: PoolOptions;
  /** Path prefix of plain JSON passthrough. @default '/json/' */
  jsonPathPrefix?: string;
  /** Request ids remembered for KPI feedback. @default 10000 */
  feedbackCapacity?: number;
  /** Random source in [0, 1) for weights, backend choice and mirroring. @default Math.random */
  random?: () => number;
  /** A first routing table, so the gateway is ready at once. */
  routes?: RoutingSnapshot;
  hooks?: GatewayHooks;
}

export interface Gateway {
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
  /** Compiles and swaps the routing table; the next request uses it. Throws (keeping the old table) when invalid. */
  setRoutes(snapshot: RoutingSnapshot): RoutingTable;
  routes(): RoutingTable | undefined;
  /** The current (or latest) shadow diff report of a model. */
  shadowReport(model: string): ShadowReport | undefined;
  shadowReports(): ShadowReport[];
  /** Records a KPI; false when the request id is unknown and no release was given. */
  feedback(feedback: Feedback): boolean;
  /** Open client connections (keep-alive included): for leak checks and capacity metrics. */
  connections(): Promise<number>;
  /** The request handler, to mount on another server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly telemetry: Telemetry;
  readonly metrics: MetricsHandler;
  readonly address: AddressInfo | undefined;
  readonly ready: boolean;
}

const JSON_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A model request whose route is known, waiting for its body. */
interface Pending {
  req: IncomingMessage;
  res: ServerResponse;
  model: CompiledModel;
  policy: CompiledPolicy;
  protocol: ProtocolAdapter;
  suffix: string;
  query: string;
  method: string;
  inference: boolean;
  requestId: string;
  at: number;
}

/** Parses the body, picks the release and starts the exchange. */
function forward(ctx: GatewayContext, p: Pending, body: Buffer | undefined): void {
  const { req, res, model, policy, requestId } = p;
  let parsed: unknown;
  if (body && body.length > 0) {
    try {
      parsed = parseLenientJson(body.toString('utf8'));
    } catch (error) {
      return sendProblem(res, {
        status: 400,
        title: 'Malformed JSON',
        detail: `request body: ${(error as Error).message}`,
        requestId,
      });
    }
  }
  const regionHeader = rawHeader(req.rawHeaders, policy.regionHeader);
  const region = regionHeader !== undefined && regionHeader !== '' ? regionHeader : 'default';
  const pick = pickRelease(
    model,
    policy,
    req.rawHeaders,
    parsed,
    regionHeader === undefined ? '' : region,
    ctx.random,
  );
  if ('error' in pick)
    return sendProblem(res, { status: 400, title: 'Bad pin', detail: pick.error, requestId });
  new Exchange({
    ctx,
    req,
    res,
    model,
    policy,
    protocol: p.protocol,
    suffix: p.suffix,
    query: p.query,
    method: p.method,
    inference: p.inference,
    requestId,
    region,
    body,
    parsed,
    at: p.at,
  }).start(pick.release, pick.reason);
}

export function createGateway(options: GatewayOptions = {}): Gateway {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const logger: GatewayLogger = options.logger ?? pino({ name: 'ripcord-gateway' });
  let table: RoutingTable | undefined;
  const telemetry =
    options.telemetry ??
    createTelemetry({
      ...options.telemetryOptions,
      clock,
      schemas: (model) => table?.models.get(model)?.inputSchema,
    });
  const maxResponseBytes = options.limits?.maxResponseBytes ?? 16 * 1024 * 1024;
  const backends = new Backends(clock, options.pool ?? {}, options.breaker ?? {}, (url, state) =>
    logger.warn({ backend: url, state }, `circuit breaker ${state}`),
  );
  const shadow = new ShadowMirror(backends, telemetry, random, maxResponseBytes);
  const ctx: GatewayContext = {
    clock,
    logger,
    random,
    telemetry,
    backends,
    shadow,
    requestLog: new RequestLog(options.feedbackCapacity ?? 10_000),
    maxBodyBytes: options.limits?.maxBodyBytes ?? 1024 * 1024,
    maxResponseBytes,
  };
  const metrics = metricsHandler(telemetry);
  registerShadowMetrics(metrics.registry, () => shadow.reports());
  const protocols: ProtocolAdapter[] = [tfserving, kserveV2, jsonPassthrough(options.jsonPathPrefix)];
  const hooks = options.hooks ?? {};

  function setRoutes(snapshot: RoutingSnapshot): RoutingTable {
    const next = compileRoutingTable(snapshot);
    table = next;
    backends.retain(next.backendUrls);
    return next;
  }
  if (options.routes) setRoutes(options.routes);

  /** The release (and its model and region) a feedback event counts for, if this gateway knows it. */
  function resolveFeedback(f: Feedback): { model: string; release: string; region: string } | undefined {
    const known = f.requestId !== undefined ? ctx.requestLog.get(f.requestId) : undefined;
    const release = known?.release ?? f.release;
    if (release === undefined) return undefined;
    const model = known?.model ?? table?.releases.get(release)?.model;
    if (model === undefined) return undefined;
    return { model, release, region: f.region ?? known?.region ?? 'default' };
  }

  function recordFeedback(f: Feedback, to: { model: string; release: string; region: string }): void {
    telemetry.recordKpi({ ...to, at: clock.now(), metric: f.metric, value: f.value });
  }

  function feedback(f: Feedback): boolean {
    const resolved = resolveFeedback(f);
    if (resolved) recordFeedback(f, resolved);
    return resolved !== undefined;
  }

  /** Why an event cannot be recorded here (nor forwarded), for the 404. */
  function unknownFeedback(f: Feedback): string {
    return f.release !== undefined
      ? `release "${f.release}" is not in the routing table`
      : `request "${f.requestId}" is not among the last ${options.feedbackCapacity ?? 10_000} requests; give "release" instead`;
  }

  /**
   * A batch is all or nothing: every event must resolve (or, in a cluster, be forwardable by
   * request id) before any is recorded, so a client can retry a refused batch without counting twice.
   */
  function feedbackBatch(res: ServerResponse, input: unknown[]): void {
    const parsed = FeedbackBatchSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendProblem(res, {
        status: 400,
        title: 'Invalid feedback',
        detail: `${feedbackIssuePath(issue.path)}: ${issue.message}`,
      });
    }
    const resolved: [Feedback, { model: string; release: string; region: string }][] = [];
    const forwarded: Feedback[] = [];
    for (const [i, f] of parsed.data.entries()) {
      const to = resolveFeedback(f);
      if (to) resolved.push([f, to]);
      else if (f.requestId !== undefined && f.release === undefined && hooks.unknownRequest)
        forwarded.push(f);
      else
        return sendProblem(res, {
          status: 404,
          title: 'Unknown request',
          detail: `[${i}]: ${unknownFeedback(f)}; nothing of this batch was recorded`,
        });
    }
    for (const [f, to] of resolved) recordFeedback(f, to);
    for (const f of forwarded) hooks.unknownRequest?.(f);
    sendJson(res, 202, { accepted: resolved.length + forwarded.length, forwarded: forwarded.length });
  }

  /** A bug in the gateway answers 500 for that request instead of taking the process down. */
  function fail(res: ServerResponse, error: unknown): void {
    logger.error({ err: (error as Error).stack }, 'gateway request failed unexpectedly');
    sendProblem(res, { status: 500, title: 'Internal gateway error', detail: (error as Error).message });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      route(req, res);
    } catch (error) {
      fail(res, error);
    }
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    for (const protocol of protocols) {
      const m = protocol.match(path, method);
      if (m)
        return proxy(req, res, protocol, m.model, m.suffix, m.inference, q < 0 ? '' : url.slice(q), method);
    }
    own(req, res, path, method);
  }

  function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    protocol: ProtocolAdapter,
    modelName: string,
    suffix: string,
    inference: boolean,
    query: string,
    method: string,
  ): void {
    const incomingId = rawHeader(req.rawHeaders, 'x-request-id');
    const requestId =
      incomingId !== undefined && incomingId.length > 0 && incomingId.length <= 200
        ? incomingId
        : nextRequestId();
    const current = table;
    if (!current)
      return sendProblem(res, {
        status: 503,
        title: 'No routing table',
        detail: 'the gateway has not received a routing table yet; check its control plane connection',
        requestId,
      });
    const model = current.models.get(modelName);
    if (!model || model.protocol !== protocol.name)
      return sendProblem(res, {
        status: 404,
        title: 'Unknown model',
        detail: model
          ? `model "${modelName}" speaks ${model.protocol}, not ${protocol.name}; use its ${model.protocol} routes`
          : `no model "${modelName}" in the routing table; known: ${[...current.models.keys()].join(', ') || 'none'}`,
        requestId,
      });
    const policy = model.policy;
    if (!policy)
      return sendProblem(res, {
        status: 503,
        title: 'No traffic policy',
        detail: `model "${modelName}" has several releases and no traffic policy; set one naming the stable release`,
        requestId,
      });
    const at = clock.now();
    const pending: Pending = {
      req,
      res,
      model,
      policy,
      protocol,
      suffix,
      query,
      method,
      inference,
      requestId,
      at,
    };
    if (!JSON_METHODS.has(method)) return forward(ctx, pending, undefined);
    readBody(req, ctx.maxBodyBytes, (result) => {
      if (result.ok) {
        try {
          return forward(ctx, pending, result.body);
        } catch (error) {
          return fail(res, error);
        }
      }
      if (result.tooLarge)
        sendProblem(res, {
          status: 413,
          title: 'Payload too large',
          detail: `request body exceeds ${ctx.maxBodyBytes} bytes (limits.maxBodyBytes)`,
          requestId,
          close: true,
        });
    });
  }

  function own(req: IncomingMessage, res: ServerResponse, path: string, method: string): void {
    if (path === '/healthz' || path === '/v2/health/live') return sendJson(res, 200, { status: 'live' });
    if (path === '/readyz' || path === '/v2/health/ready')
      return table
        ? sendJson(res, 200, { status: 'ready', revision: table.revision })
        : sendJson(res, 503, { status: 'not-ready', reason: 'no routing table yet' });
    if (path === '/metrics' && method === 'GET') {
      const render =
        hooks.metrics ?? (async () => ({ contentType: metrics.contentType, body: await metrics.body() }));
      render().then(
        (m) => {
          res.writeHead(200, [
            'content-type',
            m.contentType,
            'content-length',
            String(Buffer.byteLength(m.body)),
          ]);
          res.end(m.body);
        },
        (error: Error) =>
          sendProblem(res, { status: 503, title: 'Metrics unavailable', detail: error.message }),
      );
      return;
    }
    if (path.startsWith('/shadow/') && method === 'GET') {
      const model = decodeURIComponent(path.slice('/shadow/'.length));
      const get = hooks.shadowReport ?? (async (m: string) => shadow.report(m));
      get(model).then(
        (report) =>
          report
            ? sendJson(res, 200, report)
            : sendProblem(res, {
                status: 404,
                title: 'No shadow report',
                detail: `model "${model}" has mirrored nothing yet; set mirror in its traffic policy`,
              }),
        (error: Error) =>
          sendProblem(res, { status: 503, title: 'Shadow report unavailable', detail: error.message }),
      );
      return;
    }
    if (path === '/feedback' && method === 'POST')
      return readBody(req, ctx.maxBodyBytes, (result) => {
        if (!result.ok) {
          if (result.tooLarge)
            sendProblem(res, {
              status: 413,
              title: 'Payload too large',
              detail: `feedback body exceeds ${ctx.maxBodyBytes} bytes (limits.maxBodyBytes); send smaller batches`,
              close: true,
            });
          return;
        }
        let input: unknown;
        try {
          input = JSON.parse(result.body.toString('utf8'));
        } catch (error) {
          return sendProblem(res, { status: 400, title: 'Malformed JSON', detail: (error as Error).message });
        }
        if (Array.isArray(input)) return feedbackBatch(res, input);
        const parsed = FeedbackSchema.safeParse(input);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          return sendProblem(res, {
            status: 400,
            title: 'Invalid feedback',
            detail: `${issue.path.join('.') || 'body'}: ${issue.message}`,
          });
        }
        if (feedback(parsed.data)) return sendJson(res, 202, { accepted: true });
        if (
          parsed.data.requestId !== undefined &&
          parsed.data.release === undefined &&
          hooks.unknownRequest
        ) {
          hooks.unknownRequest(parsed.data);
          return sendJson(res, 202, { accepted: true, forwarded: true });
        }
        sendProblem(res, { status: 404, title: 'Unknown request', detail: unknownFeedback(parsed.data) });
      });
    if (path === '/v2' && method === 'GET') return sendJson(res, 200, { name: 'ripcord', extensions: [] });
    sendProblem(res, { status: 404, title: 'Not found', detail: `no route for ${method} ${path}` });
  }

  const server = http.createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  let address: AddressInfo | undefined;

  return {
    handle,
    setRoutes,
    connections: () =>
      new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    feedback,
    routes: () => table,
    shadowReport: (model) => shadow.report(model),
    shadowReports: () => shadow.reports(),
    telemetry,
    metrics,
    get address() {
      return address;
    },
    get ready() {
      return table !== undefined;
    },
    listen(port = 8080, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          address = server.address() as AddressInfo;
          resolve(address);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      await backends.close();
    },
  };
}
