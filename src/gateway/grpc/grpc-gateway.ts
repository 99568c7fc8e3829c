/**
 * The gateway's gRPC front: KServe v2 `inference.GRPCInferenceService` (ServerLive, ServerReady,
 * ServerMetadata answered by the gateway itself; ModelReady, ModelMetadata, ModelInfer proxied)
 * and TF Serving `tensorflow.serving.PredictionService` (Predict proxied), on their own port,
 * with the REST path's routing table, splitter, breakers, telemetry and shadow mirror.
 */
import {
  Server,
  ServerCredentials,
  status,
  type Metadata,
  type MethodDefinition,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';

import { RIPCORD_VERSION } from '../../core/version.js';
import type { GatewayContext } from '../gateway-context.js';
import { pickRelease } from '../pick-release.js';
import { kserveV2 } from '../protocols/kserve-v2.js';
import type { ProtocolAdapter } from '../protocols/protocol.js';
import { tfserving } from '../protocols/tfserving.js';
import { rawHeader } from '../raw-header.js';
import { nextRequestSeq, requestIdOf } from '../request-id.js';
import type { RoutingTable } from '../routing-table.js';
import type { ShadowMirror } from '../shadow/shadow-mirror.js';
import { GrpcChannels } from './grpc-channels.js';
import { GrpcExchange, type GrpcReply } from './grpc-exchange.js';
import { metadataHeaders, metadataOf } from './grpc-metadata.js';
import { GrpcShadow } from './grpc-shadow.js';
import { MODEL_METHODS, type Message, type ModelMethod } from './model-methods.js';
import { inferenceServices } from './proto-services.js';

export interface GrpcGatewayDeps {
  ctx: GatewayContext;
  shadow: ShadowMirror;
  /** The routing table served now (read on every call). */
  table(): RoutingTable | undefined;
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
}

export interface GrpcGateway {
  /** Binds `host:port` (0 picks a free port) and answers with the port bound. */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting; calls in flight get `deadlineMs` to finish, then are cut. */
  close(deadlineMs: number): Promise<void>;
}

const ADAPTERS: Record<string, ProtocolAdapter> = { 'kserve-v2': kserveV2, tfserving };

type Callback = sendUnaryData<Message>;

function bytes(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

/** `host:port` as gRPC binds it (IPv6 in brackets). */
export function bindAddress(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

export function createGrpcGateway(deps: GrpcGatewayDeps): GrpcGateway {
  const { ctx } = deps;
  const services = inferenceServices();
  const channels = new GrpcChannels({
    maxResponseBytes: ctx.maxResponseBytes,
    maxRequestBytes: ctx.maxBodyBytes,
  });
  const shadow = new GrpcShadow(deps.shadow, ctx.backends, channels, ctx.random);
  const server = new Server({
    'grpc.max_receive_message_length': ctx.maxBodyBytes,
    'grpc.max_send_message_length': ctx.maxResponseBytes,
  });

  function refuse(callback: Callback, code: number, details: string, requestId: string): void {
    callback({ code, details, metadata: metadataOf(['x-request-id', requestId]) });
  }

  function modelCall(method: ModelMethod, definition: MethodDefinition<Message, Message>) {
    const path = definition.path;
    const protocol = ADAPTERS[method.protocol]!;
    return function proxy(call: ServerUnaryCall<Message, Message>, callback: Callback): void {
      const metadata = call.metadata;
      const headers = metadataHeaders(metadata);
      const incomingId = rawHeader(headers, 'x-request-id');
      const own = incomingId === undefined || incomingId.length === 0 || incomingId.length > 200;
      const requestSeq = own ? nextRequestSeq() : 0;
      const requestId = own ? requestIdOf(requestSeq) : incomingId;
      const table = deps.table();
      if (!table)
        return refuse(
          callback,
          status.UNAVAILABLE,
          'the gateway has not received a routing table yet; check its control plane connection',
          requestId,
        );
      const request = call.request;
      const modelName = method.model(request);
      if (modelName === '')
        return refuse(
          callback,
          status.INVALID_ARGUMENT,
          `${method.modelField}: name the model to call`,
          requestId,
        );
      const model = table.models.get(modelName);
      if (!model || model.protocol !== method.protocol)
        return refuse(
          callback,
          status.NOT_FOUND,
          model
            ? `model "${modelName}" speaks ${model.protocol}, not ${method.protocol}; call it through its ${model.protocol} API`
            : `no model "${modelName}" in the routing table; known: ${[...table.models.keys()].join(', ') || 'none'}`,
          requestId,
        );
      const policy = model.policy;
      if (!policy)
        return refuse(
          callback,
          status.UNAVAILABLE,
          `model "${modelName}" has several releases and no traffic policy; set one naming the stable release`,
          requestId,
        );
      let view: Message | undefined;
      try {
        view = method.requestView?.(request);
      } catch (error) {
        return refuse(
          callback,
          status.INVALID_ARGUMENT,
          `input tensors: ${(error as Error).message}`,
          requestId,
        );
      }
      const regionHeader = rawHeader(headers, policy.regionHeader);
      const region = regionHeader !== undefined && regionHeader !== '' ? regionHeader : 'default';
      const pick = pickRelease(
        model,
        policy,
        headers,
        view,
        regionHeader === undefined ? '' : region,
        ctx.random,
        ctx.pinSecret,
      );
      if ('error' in pick)
        return refuse(
          callback,
          pick.status === 403 ? status.PERMISSION_DENIED : status.INVALID_ARGUMENT,
          pick.error,
          requestId,
        );
      if (pick.release.gated)
        return refuse(
          callback,
          status.UNAVAILABLE,
          `release "${pick.release.name}" (stable of ${model.name}) uses ${pick.release.gatedBy.join(', ')}, disabled by its flag; enable the flag or move the traffic to another release`,
          requestId,
        );
      const deadline = call.getDeadline();
      const reply: GrpcReply = {
        sendMetadata: (m: Metadata) => call.sendMetadata(m),
        done: (error, value) => (error ? callback(error) : callback(null, value)),
        cancelled: () => call.cancelled,
        deadline: deadline instanceof Date ? deadline.getTime() : deadline,
      };
      const exchange = new GrpcExchange({
        ctx,
        channels,
        shadow,
        method,
        definition,
        protocol,
        path,
        request,
        view,
        metadata,
        headers,
        model,
        policy,
        modelName,
        requestId,
        requestSeq,
        region:
          regionHeader === undefined || regionHeader === ''
            ? region
            : ctx.regions.of(region, policy.regions.has(region)),
        at: ctx.clock.now(),
        reply,
      });
      call.on('cancelled', () => exchange.abort());
      channels.follow(table);
      exchange.start(pick.release, pick.reason);
    };
  }

  const implementations: Record<'kserve' | 'tfserving', UntypedServiceImplementation> = {
    kserve: {
      ServerLive: (_call: ServerUnaryCall<Message, Message>, cb: Callback) => cb(null, { live: true }),
      ServerReady: (_call: ServerUnaryCall<Message, Message>, cb: Callback) =>
        cb(null, { ready: deps.table() !== undefined }),
      ServerMetadata: (_call: ServerUnaryCall<Message, Message>, cb: Callback) =>
        cb(null, { name: 'ripcord', version: RIPCORD_VERSION, extensions: [] }),
    },
    tfserving: {},
  };
  for (const method of MODEL_METHODS) {
    const definition = services[method.service][method.name] as MethodDefinition<Message, Message>;
    implementations[method.service][method.name] = modelCall(method, definition);
  }
  server.addService(services.kserve, implementations.kserve);
  server.addService(services.tfserving, implementations.tfserving);

  return {
    listen(port, host) {
      const creds = deps.tls
        ? ServerCredentials.createSsl(
            null,
            [{ private_key: bytes(deps.tls.key), cert_chain: bytes(deps.tls.cert) }],
            false,
          )
        : ServerCredentials.createInsecure();
      return new Promise((resolve, reject) =>
        server.bindAsync(bindAddress(host, port), creds, (error, bound) =>
          error ? reject(error) : resolve(bound),
        ),
      );
    },
    close(deadlineMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          ctx.logger.warn({ deadlineMs }, 'gRPC shutdown deadline passed; calls still running were cut');
          server.forceShutdown();
          channels.close();
          resolve();
        }, deadlineMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          channels.close();
          resolve();
        });
      });
    },
  };
}
