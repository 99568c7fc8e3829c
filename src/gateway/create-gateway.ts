/**
 * The inference gateway: a node:http server whose hot path matches the model, picks a release
 * from the in-memory routing table, proxies with undici and records per-release telemetry
 * (model-request.ts, proxy-exchange.ts); its own endpoints are in own-endpoints.ts.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

import { pino } from 'pino';

import { systemClock } from '../core/clock.js';
import { HttpDrain } from '../core/http-drain.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { LabelCap } from '../telemetry/label-cap.js';
import { registerLabelMetrics } from '../telemetry/label-metrics.js';
import { metricsHandler } from '../telemetry/metrics-handler.js';
import { Backends } from './backends.js';
import type { Feedback } from './feedback.js';
import { FeedbackAuthenticator, feedbackAuthFromEnv } from './feedback-auth.js';
import { GatewayFeedbackRules } from './feedback-rules.js';
import { secretFromEnv } from './gateway-secret.js';
import type { GatewayContext, GatewayLogger } from './gateway-context.js';
import type { Gateway, GatewayOptions } from './gateway-options.js';
import { handleModelRequest } from './model-request.js';
import { ownEndpoints } from './own-endpoints.js';
import { sendInternalError } from './problem.js';
import { jsonPassthrough } from './protocols/json-passthrough.js';
import { kserveV2 } from './protocols/kserve-v2.js';
import type { ProtocolAdapter } from './protocols/protocol.js';
import { tfserving } from './protocols/tfserving.js';
import { recordFeedback, recordFeedbackAt, resolveFeedback } from './record-feedback.js';
import { RequestLog } from './request-log.js';
import { RoutingHealth } from './routing-health.js';
import { compileRoutingTable, type RoutingSnapshot } from './routing-snapshot.js';
import type { RoutingTable } from './routing-table.js';
import { registerShadowMetrics } from './shadow/shadow-metrics.js';
import { ShadowMirror } from './shadow/shadow-mirror.js';

export type {
  FeedbackOptions,
  Gateway,
  GatewayHooks,
  GatewayLimits,
  GatewayOptions,
  InspectionOptions,
} from './gateway-options.js';

function share(name: string, value: number | undefined): number {
  const v = value ?? 1;
  if (!(v >= 0 && v <= 1)) throw new Error(`inspection.${name}: ${v} is not within 0..1`);
  return v;
}

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0))
    throw new Error(`${name}: ${value} must be a positive integer`);
  return value;
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
  const feedbackCapacity = options.feedbackCapacity ?? 10_000;
  const regions = new LabelCap('region', options.limits?.regionValues ?? 64);
  const pinSecret = options.pinSecret ?? secretFromEnv('RIPCORD_PIN_SECRET');
  const ctx: GatewayContext = {
    clock,
    logger,
    random,
    telemetry,
    backends,
    shadow,
    requestLog: new RequestLog(feedbackCapacity),
    maxBodyBytes: options.limits?.maxBodyBytes ?? 1024 * 1024,
    maxResponseBytes,
    regions,
    pinSecret: pinSecret === undefined ? undefined : Buffer.from(pinSecret, 'utf8'),
    inspectInputs: share('inputs', options.inspection?.inputs),
    inspectPredictions: share('predictions', options.inspection?.predictions),
  };
  const metrics = metricsHandler(telemetry);
  registerShadowMetrics(metrics.registry, () => shadow.reports());
  registerLabelMetrics(metrics.registry, [regions]);
  const rules = new GatewayFeedbackRules(options.feedback, regions);
  const feedbackAuth = new FeedbackAuthenticator(options.feedback?.auth ?? feedbackAuthFromEnv(), () =>
    clock.now(),
  );
  const protocols: ProtocolAdapter[] = [tfserving, kserveV2, jsonPassthrough(options.jsonPathPrefix)];

  const health = new RoutingHealth(clock);
  health.register(metrics.registry);

  function setRoutes(snapshot: RoutingSnapshot): RoutingTable {
    let next: RoutingTable;
    try {
      next = compileRoutingTable(snapshot, table);
      rules.setSnapshot(snapshot); // validates `kpis` before anything is swapped
    } catch (error) {
      health.refused((error as Error).message);
      throw error;
    }
    table = next;
    health.applied(next);
    backends.retain(next.backendUrls);
    for (const failure of next.failures.values())
      if (failure.since === next.revision)
        logger.error(
          { model: failure.model, revision: next.revision, field: failure.field, err: failure.message },
          failure.servingRevision === undefined
            ? 'routing for this model refused; it is not served'
            : 'routing for this model refused; serving its last good entry',
        );
    return next;
  }
  if (options.routes) setRoutes(options.routes);

  const feedback = (f: Feedback): boolean =>
    recordFeedback(f, { clock, telemetry, requestLog: ctx.requestLog, table, rules }, feedbackCapacity);
  const own = ownEndpoints({
    routing: () => health.report(),
    metrics,
    shadowReport: (model) => shadow.report(model),
    resolveFeedback: (f) =>
      resolveFeedback(f, { requestLog: ctx.requestLog, table, rules }, feedbackCapacity),
    recordFeedback: (f, to) => recordFeedbackAt(f, to, { clock, telemetry }),
    feedbackAuth,
    hooks: options.hooks ?? {},
    maxBodyBytes: ctx.maxBodyBytes,
  });

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    for (const protocol of protocols) {
      const m = protocol.match(path, method);
      if (m)
        return handleModelRequest(ctx, table, {
          req,
          res,
          protocol,
          modelName: m.model,
          suffix: m.suffix,
          inference: m.inference,
          query: q < 0 ? '' : url.slice(q),
          method,
        });
    }
    own(req, res, path, method);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      route(req, res);
    } catch (error) {
      sendInternalError(logger, res, error);
    }
  }

  // A client gets `headersTimeoutMs` for its headers and `requestTimeoutMs` for the whole request
  // (then 408 and the connection closed), checked every second: Node's defaults held a slow
  // upload for 300 s. Past `maxConnections`, new connections are closed at once.
  const serverOptions = {
    headersTimeout: positive('limits.headersTimeoutMs', options.limits?.headersTimeoutMs ?? 15_000),
    requestTimeout: positive('limits.requestTimeoutMs', options.limits?.requestTimeoutMs ?? 30_000),
    connectionsCheckingInterval: 1_000,
  };
  const server = options.tls
    ? https.createServer({ ...options.tls, ...serverOptions }, handle)
    : http.createServer(serverOptions, handle);
  const drain = new HttpDrain(server);
  server.keepAliveTimeout = 60_000;
  server.maxConnections = positive('limits.maxConnections', options.limits?.maxConnections ?? 10_000);
  let address: AddressInfo | undefined;

  return {
    handle,
    setRoutes,
    connections: () =>
      new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    feedback,
    routes: () => table,
    routingHealth: () => health.report(),
    followRoutingSource: (connection) => health.follow(connection),
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
    async close(deadlineMs = options.shutdownTimeoutMs ?? 10_000) {
      const { cut } = await drain.drain(deadlineMs);
      if (cut > 0)
        logger.warn({ cut, deadlineMs }, 'shutdown deadline passed; requests still running were cut');
      await backends.close();
    },
  };
}
