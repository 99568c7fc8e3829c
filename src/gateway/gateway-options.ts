/** What a gateway is built from (GatewayOptions) and what it offers (Gateway). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Clock } from '../core/clock.js';
import type { Telemetry, TelemetryOptions } from '../telemetry/create-telemetry.js';
import type { MetricsHandler } from '../telemetry/metrics-handler.js';
import type { PoolOptions } from './backends.js';
import type { BreakerOptions } from './circuit-breaker.js';
import type { Feedback } from './feedback.js';
import type { FeedbackAuth } from './feedback-auth.js';
import type { FeedbackAttribution } from './record-feedback.js';
import type { GatewayLogger } from './gateway-context.js';
import type { RoutingConnection, RoutingHealthReport } from './routing-health.js';
import type { RoutingSnapshot } from './routing-snapshot.js';
import type { RoutingTable } from './routing-table.js';
import type { ShadowReport } from './shadow/shadow-report.js';

export interface GatewayLimits {
  /** Largest request body accepted; larger gets 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Largest backend response accepted; larger gets 502. @default 16777216 (16 MiB) */
  maxResponseBytes?: number;
  /** Time a client has to send a request's headers, in ms. @default 15000 */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request (headers and body), in ms; then 408. @default 30000 */
  requestTimeoutMs?: number;
  /** Open client connections at most; more are closed at once. @default 10000 */
  maxConnections?: number;
  /**
   * Distinct region values taken from clients (the policy's regionHeader, feedback regions)
   * recorded under their own name; later ones are recorded as `other` and counted in
   * `ripcord_label_overflow_total`. Regions a policy declares always keep theirs. @default 64
   */
  regionValues?: number;
}

/** Who may send `POST /feedback` and what its events may name. */
export interface FeedbackOptions {
  /** @default from RIPCORD_FEEDBACK_TOKEN or RIPCORD_FEEDBACK_HMAC_SECRET (or *_FILE); none: feedback is refused (403) */
  auth?: FeedbackAuth;
  /** @default RIPCORD_FEEDBACK_ATTRIBUTION, else 'issued' (see FeedbackAttribution) */
  attribution?: FeedbackAttribution;
  /**
   * KPI names accepted for every model, besides those its rollouts' kpi triggers name (the
   * routing snapshot's `kpis`). Other names are refused (422). @default RIPCORD_FEEDBACK_KPIS (comma-separated)
   */
  kpis?: readonly string[];
}

/**
 * Share (0..1) of inference requests whose content telemetry inspects. Outcomes and latency are
 * recorded for every request; below 1, input rows are checked and predictions read on a random
 * subset. Counts are not scaled up: `inputRows` and `predictionResponses` say how many were
 * inspected, so rates (missing, nulls, PSI, prediction shares) stay unbiased and the judges'
 * minimum-evidence checks see the real sample size.
 */
export interface InspectionOptions {
  /** Input rows checked against the model's input schema. @default 1 */
  inputs?: number;
  /** Responses whose predictions are read (the response body is parsed only then). @default 1 */
  predictions?: number;
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
  /** Which share of requests telemetry looks inside; everything by default. */
  inspection?: InspectionOptions;
  /** @default systemClock */
  clock?: Clock;
  /** @default pino at level info */
  logger?: GatewayLogger;
  limits?: GatewayLimits;
  breaker?: BreakerOptions;
  pool?: PoolOptions;
  /** Path prefix of plain JSON passthrough. @default '/json/' */
  jsonPathPrefix?: string;
  /** Request ids remembered for KPI feedback: this many the gateway issued, and as many sent by clients. @default 10000 */
  feedbackCapacity?: number;
  /** Random source in [0, 1) for weights, backend choice and mirroring. @default Math.random */
  random?: () => number;
  /** A first routing table, so the gateway is ready at once. */
  routes?: RoutingSnapshot;
  hooks?: GatewayHooks;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * On close, how long requests in flight may run before they are cut; idle keep-alive
   * connections close and new responses carry `Connection: close` meanwhile. @default 10000
   */
  shutdownTimeoutMs?: number;
  feedback?: FeedbackOptions;
  /**
   * Operator secret that lets a request pin (`x-ripcord-release`) any release of its model by
   * sending it in `x-ripcord-pin-secret`; without it only releases in the model's traffic policy
   * can be pinned. @default RIPCORD_PIN_SECRET (or RIPCORD_PIN_SECRET_FILE)
   */
  pinSecret?: string;
  /**
   * Also serve gRPC on this port: KServe v2 `inference.GRPCInferenceService` and TF Serving
   * `tensorflow.serving.PredictionService` (Predict), routed like REST (docs/gateway.md, gRPC).
   * `host` defaults to the one `listen` is given; `tls` applies to it too.
   */
  grpc?: { port: number; host?: string };
}

export interface Gateway {
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish within `deadlineMs` (@default shutdownTimeoutMs), then closes. */
  close(deadlineMs?: number): Promise<void>;
  /**
   * Compiles and swaps the routing table; the next request uses it. A model whose part does not
   * compile keeps its last good entry and is listed in `failures` (and logged); a snapshot that
   * cannot be read at all throws and keeps the old table.
   */
  setRoutes(snapshot: RoutingSnapshot): RoutingTable;
  routes(): RoutingTable | undefined;
  /** How current the routing table is (also on /readyz and /metrics). */
  routingHealth(): RoutingHealthReport;
  /** Reports this routing source's connection state on /readyz and /metrics. */
  followRoutingSource(connection: () => RoutingConnection): void;
  /** The current (or latest) shadow diff report of a model. */
  shadowReport(model: string): ShadowReport | undefined;
  shadowReports(): ShadowReport[];
  /** Records a KPI under the same rules as `POST /feedback` (attribution, KPI names); false when refused. */
  feedback(feedback: Feedback): boolean;
  /** Open client connections (keep-alive included): for leak checks and capacity metrics. */
  connections(): Promise<number>;
  /** The request handler, to mount on another server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly telemetry: Telemetry;
  readonly metrics: MetricsHandler;
  readonly address: AddressInfo | undefined;
  /** The gRPC port bound by `listen` when `grpc` is set. */
  readonly grpcPort: number | undefined;
  readonly ready: boolean;
}
