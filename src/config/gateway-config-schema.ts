/** The `gateway:` section of ripcord.yaml: the data plane's knobs (see gateway-options.ts). */
import { z } from 'zod';
import { BOTH, GATEWAY, knob } from './knob-registry.js';

const count = (fallback: number) => z.number().int().positive().default(fallback);
const ms = (fallback: number) => z.number().int().min(0).default(fallback);
const share = (fallback: number) => z.number().min(0).max(1).default(fallback);
const names = () => z.array(z.string().min(1)).default([]);

const LimitsSchema = z.strictObject({
  maxBodyBytes: knob(count(1_048_576).describe('largest request body accepted; larger gets 413'), {
    verbs: BOTH,
  }),
  maxResponseBytes: knob(count(16_777_216).describe('largest backend response accepted; larger gets 502'), {
    verbs: BOTH,
  }),
  headersTimeoutMs: knob(ms(15_000).describe("ms a client has to send a request's headers"), { verbs: BOTH }),
  requestTimeoutMs: knob(ms(30_000).describe('ms a client has to send a whole request; then 408'), {
    verbs: BOTH,
  }),
  maxConnections: knob(count(10_000).describe('open client connections at most'), { verbs: BOTH }),
  regionValues: knob(count(64).describe('distinct client region values recorded under their own name'), {
    verbs: BOTH,
  }),
});

const BreakerSchema = z.strictObject({
  consecutiveFailures: knob(count(5).describe('failures in a row that open a backend’s breaker'), {
    verbs: BOTH,
  }),
  failureRatio: knob(share(0.5).describe('failure share of the window that opens the breaker'), {
    verbs: BOTH,
  }),
  window: knob(count(20).describe('calls remembered for the failure ratio'), { verbs: BOTH }),
  minRequests: knob(count(10).describe('calls needed in the window before the ratio applies'), {
    verbs: BOTH,
  }),
  cooldownMs: knob(ms(5000).describe('ms an open breaker waits before a probe'), { verbs: BOTH }),
});

const PoolSchema = z.strictObject({
  connections: knob(count(128).describe('connections per backend'), { verbs: BOTH }),
  keepAliveTimeoutMs: knob(ms(30_000).describe('ms of idle keep-alive before a pooled connection closes'), {
    verbs: BOTH,
  }),
});

const InspectionSchema = z.strictObject({
  inputs: knob(share(1).describe('share of requests whose input rows are checked against the schema'), {
    verbs: BOTH,
  }),
  predictions: knob(share(1).describe('share of responses whose predictions are read'), { verbs: BOTH }),
});

const SamplesSchema = z.strictObject({
  rate: knob(share(0.01).describe('share of request/response pairs kept as incident evidence'), {
    verbs: BOTH,
  }),
  capacity: knob(count(200).describe('samples kept per model and release'), { verbs: BOTH }),
  redactHeaders: knob(names().describe('header names redacted in samples, besides the credential headers'), {
    verbs: BOTH,
  }),
  redactKeys: knob(names().describe('body field names redacted at any depth'), { verbs: BOTH }),
  redactPaths: knob(names().describe('body fields redacted, as dotted paths (`user.email`, `rows.*.ssn`)'), {
    verbs: BOTH,
  }),
  redactQueryKeys: knob(names().describe('query-string keys whose values are redacted'), { verbs: BOTH }),
});

export const GatewayConfigSchema = z.strictObject({
  port: knob(
    z.number().int().min(0).max(65_535).default(8080).describe('model traffic port (0 picks a free one)'),
    {
      verbs: BOTH,
      flag: { gateway: '--port' },
    },
  ),
  grpcPort: knob(
    z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .optional()
      .describe('also serve KServe v2 / TF Serving gRPC model traffic on this port (0 picks a free one)'),
    { verbs: BOTH, flag: '--grpc-port' },
  ),
  jsonPathPrefix: knob(
    z.string().startsWith('/').default('/json/').describe('path prefix of plain JSON passthrough'),
    {
      verbs: BOTH,
    },
  ),
  feedbackCapacity: knob(count(10_000).describe('request ids remembered for KPI feedback'), { verbs: BOTH }),
  controlPlane: knob(z.string().url().optional().describe('control plane URL a standalone gateway follows'), {
    verbs: GATEWAY,
    flag: '--control-plane',
  }),
  ca: knob(
    z.string().min(1).optional().describe("CA certificate (PEM file) trusted for the control plane's HTTPS"),
    {
      verbs: GATEWAY,
      flag: '--ca',
    },
  ),
  workers: knob(count(1).describe('worker processes (node:cluster), telemetry merged'), {
    verbs: GATEWAY,
    flag: '--workers',
  }),
  statePath: knob(
    z.string().min(1).optional().describe('keep the last routing snapshot here and serve it at start'),
    {
      verbs: GATEWAY,
      flag: '--state',
    },
  ),
  name: knob(
    z
      .string()
      .min(1)
      .optional()
      .describe('how the control plane lists this gateway (default <hostname>:<pid>)'),
    {
      verbs: GATEWAY,
      flag: '--name',
    },
  ),
  shipTelemetry: knob(
    z
      .boolean()
      .default(true)
      .describe("ship this gateway's 1 s telemetry buckets to the control plane's judges"),
    { verbs: GATEWAY, flag: '--telemetry' },
  ),
  limits: LimitsSchema.prefault({}),
  breaker: BreakerSchema.prefault({}),
  pool: PoolSchema.prefault({}),
  inspection: InspectionSchema.prefault({}),
  samples: SamplesSchema.prefault({}),
});
