/**
 * One proxied gRPC call after its model is found and its release picked: the same sequence as
 * the REST Exchange (proxy-exchange.ts): call the release's backend through its breaker; on a
 * backend failure move to stable (retry once) or the fallback release; answer the client with
 * the model name it asked for; record latency, outcome (from the gRPC status) and predictions
 * (from the response tensors); then request log, sampled evidence and the shadow copy.
 */
import { status, type Metadata, type MethodDefinition, type ServiceError } from '@grpc/grpc-js';

import type { Outcome } from '../../telemetry/types.js';
import type { BackendRuntime } from '../backends.js';
import { inspected, type GatewayContext } from '../gateway-context.js';
import type { PickReason } from '../pick-release.js';
import type { ProtocolAdapter } from '../protocols/protocol.js';
import { PINNED_SUFFIX, routeOf } from '../request-route-of.js';
import type { CompiledModel, CompiledPolicy, CompiledRelease } from '../routing-table.js';
import { segmentValues } from '../shadow/segments.js';
import type { GrpcChannels } from './grpc-channels.js';
import { backendMetadata, metadataOf } from './grpc-metadata.js';
import { httpStatusOf, outcomeOfCode, serverSide } from './grpc-status.js';
import type { Message, ModelMethod } from './model-methods.js';
import type { GrpcShadow } from './grpc-shadow.js';

type Stage = 'primary' | 'stable' | 'fallback';

/** What the exchange answers through: a unary call's callback and its initial metadata. */
export interface GrpcReply {
  sendMetadata(metadata: Metadata): void;
  done(error: { code: number; details: string; metadata: Metadata } | null, value?: Message): void;
  /** Whether the client cancelled or its deadline passed. */
  cancelled(): boolean;
  /** The client's deadline as epoch ms (Infinity when it set none). */
  deadline: number;
}

export interface GrpcRoutedCall {
  ctx: GatewayContext;
  channels: GrpcChannels;
  shadow: GrpcShadow;
  method: ModelMethod;
  definition: MethodDefinition<Message, Message>;
  /** The REST adapter of the method's protocol: input rows and shadow payloads as over REST. */
  protocol: ProtocolAdapter;
  /** The gRPC path, for samples (`/inference.GRPCInferenceService/ModelInfer`). */
  path: string;
  request: Message;
  /** The request as its REST body (inference methods). */
  view: Message | undefined;
  metadata: Metadata;
  headers: readonly string[];
  model: CompiledModel;
  policy: CompiledPolicy;
  modelName: string;
  requestId: string;
  requestSeq: number;
  region: string;
  at: number;
  reply: GrpcReply;
}

/** [name, value, ...] as a headers object (names are lower case in gRPC metadata). */
function headerObject(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) out[pairs[i]!] = pairs[i + 1]!;
  return out;
}

interface Failure {
  code: number;
  details: string;
}

export class GrpcExchange {
  private retriedFrom: string | undefined;
  private lastFailure: Failure | undefined;
  private pinned = false;
  private apart = false;
  private cancel: (() => void) | undefined;
  private readonly inspectInputs: boolean;

  constructor(private readonly call: GrpcRoutedCall) {
    this.inspectInputs =
      call.method.inference &&
      call.view !== undefined &&
      call.model.inputSchema !== undefined &&
      inspected(call.ctx.inspectInputs);
  }

  start(release: CompiledRelease, reason: PickReason): void {
    this.pinned = reason === 'pin' || reason === 'operator-pin';
    this.apart = reason === 'pin';
    this.attempt(release, 'primary');
  }

  /** The client went away: stop the backend call; nothing is recorded. */
  abort(): void {
    this.cancel?.();
  }

  private attempt(release: CompiledRelease, stage: Stage): void {
    const { ctx, method, reply } = this.call;
    if (reply.cancelled()) return;
    const runtime = ctx.backends.acquire(release, ctx.random());
    if (!runtime) {
      // As over REST: a refusal by open breakers is this release's failure, seen by its guards.
      if (method.inference) this.record(release, 'connectionError', 0, undefined);
      this.lastFailure = {
        code: status.UNAVAILABLE,
        details: `every backend of release "${release.name}" has an open circuit breaker`,
      };
      return this.next(release, stage);
    }
    const started = performance.now();
    const deadline = Math.min(Date.now() + release.timeoutMs, reply.deadline);
    const { definition } = this.call;
    const client = this.call.channels.client(runtime.backend.origin);
    const upstream = client.makeUnaryRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      method.upstream(this.call.request, release.upstreamModel),
      backendMetadata(this.call.metadata, release.passHeaders, release.headers, this.call.requestId),
      { deadline },
      (error: ServiceError | null, response?: Message) => {
        this.cancel = undefined;
        try {
          this.onResult(release, stage, runtime, error, response, performance.now() - started);
        } catch (thrown) {
          ctx.logger.error({ err: thrown, requestId: this.call.requestId }, 'gRPC exchange failed');
          this.fail({ code: status.INTERNAL, details: 'the gateway failed on this call; see its log' });
        }
      },
    );
    this.cancel = () => upstream.cancel();
  }

  private next(failed: CompiledRelease, stage: Stage): void {
    const { policy, method } = this.call;
    if (
      stage === 'primary' &&
      !this.pinned &&
      failed !== policy.stable &&
      (this.lastFailure?.code === status.UNAVAILABLE || !method.inference || policy.retryOnStable)
    ) {
      this.retriedFrom = failed.name;
      return this.attempt(policy.stable, 'stable');
    }
    const fallback = policy.fallback?.release;
    if (
      stage !== 'fallback' &&
      !this.pinned &&
      fallback &&
      fallback !== failed &&
      this.call.ctx.backends.available(fallback)
    )
      return this.attempt(fallback, 'fallback');
    this.fail(this.lastFailure ?? { code: status.UNAVAILABLE, details: 'no backend answered' });
  }

  private onResult(
    release: CompiledRelease,
    stage: Stage,
    runtime: BackendRuntime,
    error: ServiceError | null,
    response: Message | undefined,
    latencyMs: number,
  ): void {
    const { ctx, method, model, reply } = this.call;
    if (reply.cancelled()) return;
    if (error || !response) {
      const code = error?.code ?? status.INTERNAL;
      if (code === status.CANCELLED && reply.cancelled()) return;
      if (serverSide(code)) {
        runtime.breaker.failure(ctx.clock.now());
        if (method.inference) this.record(release, outcomeOfCode(code), latencyMs, undefined);
        this.lastFailure = {
          code,
          details:
            code === status.DEADLINE_EXCEEDED
              ? `release "${release.name}" did not answer within ${release.timeoutMs} ms (serving.timeoutMs) or the call's deadline`
              : code === status.UNAVAILABLE
                ? `release "${release.name}" backend ${runtime.backend.url} unavailable: ${error?.details ?? ''}`
                : (error?.details ?? 'no answer'),
        };
        return this.next(release, stage);
      }
      // The request's own fault (INVALID_ARGUMENT, NOT_FOUND, ...): the backend is healthy.
      runtime.breaker.success();
      if (method.inference) this.record(release, 'clientError', latencyMs, undefined);
      return this.fail({ code, details: error?.details ?? '' });
    }
    runtime.breaker.success();
    if (!method.inference) return this.respond(response, release, stage === 'fallback');
    let view: Message | undefined;
    try {
      view = method.responseView!(response);
    } catch {
      view = undefined;
    }
    const readable = view !== undefined && this.call.protocol.acceptsResponse(view);
    const items =
      readable && model.predictions !== undefined && inspected(ctx.inspectPredictions)
        ? model.predictions(view)
        : undefined;
    const sample = ctx.telemetry.shouldSample();
    this.record(release, readable ? 'ok' : 'invalidResponse', latencyMs, items);
    this.respond(response, release, stage === 'fallback');
    if (readable) this.after(release, view!, items, latencyMs, sample);
  }

  private record(
    release: CompiledRelease,
    outcome: Outcome,
    latencyMs: number,
    predictions: (string | number)[] | undefined,
  ): void {
    const { ctx, model, view, protocol } = this.call;
    ctx.telemetry.record({
      model: model.name,
      release: this.apart ? release.name + PINNED_SUFFIX : release.name,
      region: this.call.region,
      at: this.call.at,
      outcome,
      latencyMs,
      predictions,
      inputs: this.inspectInputs ? protocol.inputs(view) : undefined,
    });
  }

  private identity(release: CompiledRelease | undefined, fallback: boolean): Metadata {
    const pairs = ['x-request-id', this.call.requestId];
    if (release) pairs.push('x-ripcord-release', release.name);
    if (this.retriedFrom !== undefined) pairs.push('x-ripcord-rerouted-from', this.retriedFrom);
    if (fallback) pairs.push('x-ripcord-fallback', 'true');
    return metadataOf(pairs);
  }

  private respond(response: Message, release: CompiledRelease, fallback: boolean): void {
    const { reply } = this.call;
    if (reply.cancelled()) return;
    reply.sendMetadata(this.identity(release, fallback));
    reply.done(null, this.call.method.answer(response, this.call.modelName));
  }

  private fail(failure: Failure): void {
    if (this.call.reply.cancelled()) return;
    this.call.reply.done({ ...failure, metadata: this.identity(undefined, false) });
  }

  /** After the client has its answer: request log, sampled evidence, shadow copy. */
  private after(
    release: CompiledRelease,
    view: Message,
    items: (string | number)[] | undefined,
    latencyMs: number,
    sample: boolean,
  ): void {
    const { ctx, model, policy } = this.call;
    const route = routeOf(release, this.call.region, this.apart);
    if (this.call.requestSeq > 0) ctx.requestLog.setOwn(this.call.requestSeq, route);
    else ctx.requestLog.set(this.call.requestId, route);
    if (sample)
      ctx.telemetry.recordSample({
        model: model.name,
        release: route.label ?? release.name,
        at: this.call.at,
        request: {
          method: 'POST',
          path: this.call.path,
          headers: headerObject(this.call.headers),
          body: this.call.view,
        },
        response: { body: view },
        status: httpStatusOf(status.OK),
        latencyMs,
      });
    const mirror = policy.mirror;
    if (mirror && mirror.release !== release && ctx.random() * 10_000 < mirror.bp)
      this.call.shadow.submit(
        this.call,
        this.call.definition,
        mirror,
        this.call.protocol.payload(view),
        items,
        segmentValues(mirror.segmentBy, headerObject(this.call.headers), this.call.view, this.call.at),
      );
  }
}
