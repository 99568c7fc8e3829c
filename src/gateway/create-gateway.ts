/**
 * The inference gateway: a node:http server whose hot path matches the model, picks a release
 * from the in-memory routing table, proxies with undici and records per-release telemetry
 * (model-request.ts, proxy-exchange.ts); its own endpoints are in own-endpoints.ts.
 */
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
import { gatewayHandler } from './gateway-handler.js';
import type { Gateway, GatewayOptions } from './gateway-options.js';
import { GatewayRouting } from './gateway-routing.js';
import type { GrpcGateway } from './grpc/grpc-gateway.js';
import { createGatewayServer } from './gateway-server.js';
import { ownEndpoints } from './own-endpoints.js';
import { jsonPassthrough } from './protocols/json-passthrough.js';
import { kserveV2 } from './protocols/kserve-v2.js';
import type { ProtocolAdapter } from './protocols/protocol.js';
import { tfserving } from './protocols/tfserving.js';
import { recordFeedback, recordFeedbackAt, resolveFeedback } from './record-feedback.js';
import { RequestLog } from './request-log.js';
import { RoutingHealth } from './routing-health.js';
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

export function createGateway(options: GatewayOptions = {}): Gateway {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const logger: GatewayLogger = options.logger ?? pino({ name: 'ripcord-gateway' });
  const telemetry =
    options.telemetry ??
    createTelemetry({
      ...options.telemetryOptions,
      clock,
      // Read per request, long after `routing` below exists.
      schemas: (model) => routing.table?.models.get(model)?.inputSchema,
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

  const routing = new GatewayRouting(health, rules, backends, logger);
  if (options.routes) routing.apply(options.routes);

  const feedback = (f: Feedback): boolean =>
    recordFeedback(
      f,
      { clock, telemetry, requestLog: ctx.requestLog, table: routing.table, rules },
      feedbackCapacity,
    );
  const own = ownEndpoints({
    routing: () => health.report(),
    metrics,
    shadowReport: (model) => shadow.report(model),
    resolveFeedback: (f) =>
      resolveFeedback(f, { requestLog: ctx.requestLog, table: routing.table, rules }, feedbackCapacity),
    recordFeedback: (f, to) => recordFeedbackAt(f, to, { clock, telemetry }),
    feedbackAuth,
    hooks: options.hooks ?? {},
    maxBodyBytes: ctx.maxBodyBytes,
  });

  const handle = gatewayHandler(ctx, routing, protocols, own);
  const server = createGatewayServer(options, handle);
  const drain = new HttpDrain(server);
  let address: AddressInfo | undefined;
  let grpc: GrpcGateway | undefined;
  let grpcPort: number | undefined;

  return {
    handle,
    setRoutes: (snapshot) => routing.apply(snapshot),
    connections: () =>
      new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    feedback,
    routes: () => routing.table,
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
      return routing.table !== undefined;
    },
    get grpcPort() {
      return grpcPort;
    },
    async listen(port = 8080, host = '127.0.0.1') {
      const bound = await new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
      address = bound;
      if (options.grpc && !grpc) {
        // Loaded only when asked for: a REST-only gateway never loads grpc-js or the protos.
        const { createGrpcGateway } = await import('./grpc/grpc-gateway.js');
        grpc = createGrpcGateway({ ctx, shadow, table: () => routing.table, tls: options.tls });
        grpcPort = await grpc.listen(options.grpc.port, options.grpc.host ?? host);
      }
      return bound;
    },
    async close(deadlineMs = options.shutdownTimeoutMs ?? 10_000) {
      const [{ cut }] = await Promise.all([drain.drain(deadlineMs), grpc?.close(deadlineMs)]);
      if (cut > 0)
        logger.warn({ cut, deadlineMs }, 'shutdown deadline passed; requests still running were cut');
      await backends.close();
    },
  };
}
