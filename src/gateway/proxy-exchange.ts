/**
 * One proxied inference request after its body is read and its release picked: forward, and on
 * failure move to stable (retry once) or to the fallback; answer the user; record telemetry;
 * then mirror to the shadow release. Callback style on purpose: this is the hot path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Outcome } from '../telemetry/types.js';
import type { BackendRuntime } from './backends.js';
import { inspected, type GatewayContext } from './gateway-context.js';
import { parseLenientJson } from './lenient-json.js';
import { droppedResponseHeader, forwardHeaders } from './forwarded-headers.js';
import { PINNED_SUFFIX, routeOf } from './request-route-of.js';
import type { PickReason } from './pick-release.js';
import { sendInternalError, sendProblem } from './problem.js';
import type { ProtocolAdapter } from './protocols/protocol.js';
import type { CompiledModel, CompiledPolicy, CompiledRelease } from './routing-table.js';
import { NOT_PARSED, renameModel } from './protocols/model-name.js';
import { segmentValues } from './shadow/segments.js';
import { callUpstream, type UpstreamCall, type UpstreamResult } from './upstream-call.js';

type Stage = 'primary' | 'stable' | 'fallback';

/** A model request whose model and policy are known; region, body and parsed are set once the body is read. */
export interface RoutedRequest {
  ctx: GatewayContext;
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
  /** The request number when this process issued `requestId` (request-id.ts), else 0. */
  requestSeq: number;
  at: number;
  region: string;
  body: Buffer | undefined;
  parsed: unknown;
}

function outcomeOf(status: number): Outcome {
  return status >= 500 ? 'serverError' : status >= 400 ? 'clientError' : 'ok';
}

/** What readAnswer returns for a body its protocol cannot read. */
const UNREADABLE: unique symbol = Symbol('unreadable');

/** A 2xx inference answer, parsed (lenient JSON; undefined when empty), or UNREADABLE when its protocol cannot read it. */
function readAnswer(protocol: ProtocolAdapter, body: Buffer): unknown {
  let parsed: unknown;
  if (body.length > 0)
    try {
      parsed = parseLenientJson(body.toString('utf8'));
    } catch {
      return UNREADABLE;
    }
  return protocol.acceptsResponse(parsed) ? parsed : UNREADABLE;
}

const X_REQUEST_ID = 'x-request-id';

export class Exchange {
  private retriedFrom: string | undefined;
  private lastFailure: { status: number; title: string; detail: string; release: string } | undefined;
  private lastResponse: { result: UpstreamResult & { ok: true }; release: CompiledRelease } | undefined;
  /** Pinned (by anyone): never moved to stable or the fallback. */
  private pinned = false;
  /** Pinned by a client (not the operator): recorded under `<release>+pinned`, apart from the judges' view. */
  private apart = false;
  /** The upstream call in flight, cancelled when the client goes away. */
  private call: UpstreamCall | undefined;
  private clientGone = false;
  /** Whether telemetry checks this request's input rows (decided once: a retry records the same rows). */
  private readonly inspectInputs: boolean;
  /** When the client disconnects before its answer: stop the backend call; nothing is recorded. */
  private readonly onClientClose = (): void => {
    if (this.request.res.writableEnded) return;
    this.clientGone = true;
    this.call?.cancel();
  };

  constructor(private readonly request: RoutedRequest) {
    this.inspectInputs =
      request.inference &&
      request.parsed !== undefined &&
      request.model.inputSchema !== undefined &&
      inspected(request.ctx.inspectInputs);
  }

  start(release: CompiledRelease, reason: PickReason): void {
    this.pinned = reason === 'pin' || reason === 'operator-pin';
    this.apart = reason === 'pin';
    // `on`, not `once` (no wrapper per request): a response closes once.
    this.request.res.on('close', this.onClientClose);
    this.attempt(release, 'primary');
  }

  private attempt(release: CompiledRelease, stage: Stage): void {
    const { ctx } = this.request;
    // A client that left (during its upload or a retry) gets no backend call made for it.
    if (this.clientGone || this.request.res.destroyed) return;
    const runtime = ctx.backends.acquire(release, ctx.random());
    if (!runtime) {
      // A refusal by an open breaker is a failure of this release: the guards must see it, or a
      // release that fails hard enough to open its breakers would hide from its own rollback.
      if (this.request.inference) this.record(release, 'connectionError', 0, undefined);
      this.lastFailure = {
        status: 503,
        title: 'Release unavailable',
        detail: `every backend of release "${release.name}" has an open circuit breaker`,
        release: release.name,
      };
      return this.next(release, stage);
    }
    const started = performance.now();
    const headers = forwardHeaders(this.request.req.rawHeaders, release.passHeaders);
    for (const h of release.headers) headers.push(h);
    headers.push(X_REQUEST_ID, this.request.requestId);
    this.call = callUpstream(
      runtime.pool,
      {
        path:
          runtime.backend.basePath +
          this.request.protocol.upstreamPath(release.upstreamModel, this.request.suffix) +
          this.request.query,
        method: this.request.method,
        headers,
        body: this.request.body,
        timeoutMs: release.timeoutMs,
        maxResponseBytes: ctx.maxResponseBytes,
      },
      (result) => {
        try {
          this.onResult(release, stage, runtime, result, performance.now() - started);
        } catch (error) {
          sendInternalError(ctx.logger, this.request.res, error, this.request.requestId);
        }
      },
    );
  }

  /** After a failure or an unavailable release: stable, then fallback, then the error itself. */
  private next(failed: CompiledRelease, stage: Stage): void {
    const { policy } = this.request;
    if (
      stage === 'primary' &&
      !this.pinned &&
      failed !== policy.stable &&
      (this.lastFailure?.status === 503 ||
        (this.request.inference ? policy.retryOnStable : this.request.method === 'GET'))
    ) {
      this.retriedFrom = failed.name;
      return this.attempt(policy.stable, 'stable');
    }
    const fallback = policy.fallback;
    if (stage !== 'fallback' && !this.pinned && fallback) {
      if (
        fallback.release &&
        fallback.release !== failed &&
        this.request.ctx.backends.available(fallback.release)
      )
        return this.attempt(fallback.release, 'fallback');
      if (fallback.static) return this.sendStatic(fallback.static.status, fallback.static.body);
    }
    if (stage === 'fallback' && fallback?.static)
      return this.sendStatic(fallback.static.status, fallback.static.body);
    this.sendFailure();
  }

  private onResult(
    release: CompiledRelease,
    stage: Stage,
    runtime: BackendRuntime,
    result: UpstreamResult,
    latencyMs: number,
  ): void {
    const { ctx, model } = this.request;
    this.call = undefined;
    if (this.clientGone) return;
    if (!result.ok) {
      runtime.breaker.failure(ctx.clock.now());
      if (this.request.inference)
        this.record(release, result.kind === 'timeout' ? 'timeout' : 'connectionError', latencyMs, undefined);
      this.lastFailure =
        result.kind === 'timeout'
          ? {
              status: 504,
              title: 'Backend timeout',
              detail: `release "${release.name}" did not answer within ${release.timeoutMs} ms (serving.timeoutMs)`,
              release: release.name,
            }
          : {
              status: 502,
              title: 'Backend unreachable',
              detail: `release "${release.name}" backend ${runtime.backend.url} failed: ${result.error.message}`,
              release: release.name,
            };
      return this.next(release, stage);
    }
    if (result.status >= 500) {
      runtime.breaker.failure(ctx.clock.now());
      if (this.request.inference) this.record(release, 'serverError', latencyMs, undefined);
      this.lastResponse = { result, release };
      this.lastFailure = undefined;
      return this.next(release, stage);
    }
    runtime.breaker.success();
    if (!this.request.inference) return this.respond(result, release, stage === 'fallback');
    // Every 2xx answer is parsed: one its protocol cannot read (truncated JSON, an HTML page) is
    // the outcome `invalidResponse`, a failure the error-rate judge counts, never `ok`.
    const ok = result.status < 300;
    const answer = ok ? readAnswer(this.request.protocol, result.body) : undefined;
    const unreadable = answer === UNREADABLE;
    const parsed = unreadable ? undefined : answer;
    const readPredictions =
      parsed !== undefined && model.predictions !== undefined && inspected(ctx.inspectPredictions);
    const sample = ctx.telemetry.shouldSample();
    const items = readPredictions ? model.predictions!(parsed) : undefined;
    this.record(release, unreadable ? 'invalidResponse' : outcomeOf(result.status), latencyMs, items);
    this.respond(result, release, stage === 'fallback', unreadable ? NOT_PARSED : parsed);
    this.after(release, result, parsed, items, latencyMs, sample);
  }

  private record(
    release: CompiledRelease,
    outcome: Outcome,
    latencyMs: number,
    predictions: (string | number)[] | undefined,
  ): void {
    const { model, parsed, protocol } = this.request;
    this.request.ctx.telemetry.record({
      model: model.name,
      release: this.apart ? release.name + PINNED_SUFFIX : release.name,
      region: this.request.region,
      at: this.request.at,
      outcome,
      latencyMs,
      predictions,
      inputs: this.inspectInputs ? protocol.inputs(parsed) : undefined,
    });
  }

  /** `parsed`: the answer as already read for telemetry, when it was. */
  private respond(
    result: UpstreamResult & { ok: true },
    release: CompiledRelease,
    fallback: boolean,
    parsed: unknown = NOT_PARSED,
  ): void {
    const { res, protocol, model } = this.request;
    if (res.destroyed) return;
    const body =
      (protocol.modelNameFields &&
        result.status < 300 &&
        renameModel(result.body, protocol.modelNameFields, model.name, release.upstreamModel, parsed)) ||
      result.body;
    const raw = result.rawHeaders;
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!;
      // Dropped headers are recognised on the bytes: neither their name nor value becomes a string.
      if (droppedResponseHeader(name)) continue;
      headers.push(name.toString('latin1'), raw[i + 1]!.toString('latin1'));
    }
    headers.push(
      'x-ripcord-release',
      release.name,
      'x-request-id',
      this.request.requestId,
      'content-length',
      String(body.length),
    );
    if (this.retriedFrom !== undefined) headers.push('x-ripcord-rerouted-from', this.retriedFrom);
    if (fallback) headers.push('x-ripcord-fallback', 'true');
    res.writeHead(result.status, headers);
    res.end(body);
  }

  private sendStatic(status: number, body: Buffer): void {
    const { res } = this.request;
    if (res.destroyed) return;
    res.writeHead(status, [
      'content-type',
      'application/json',
      'content-length',
      String(body.length),
      'x-request-id',
      this.request.requestId,
      'x-ripcord-fallback',
      'true',
    ]);
    res.end(body);
  }

  /** The last upstream 5xx as it came, else a problem document for the transport failure. */
  private sendFailure(): void {
    if (this.lastResponse && !this.lastFailure)
      return this.respond(this.lastResponse.result, this.lastResponse.release, false);
    const f = this.lastFailure ?? {
      status: 502,
      title: 'Bad gateway',
      detail: 'no backend answered',
      release: undefined,
    };
    sendProblem(this.request.res, { ...f, requestId: this.request.requestId });
  }

  /** After the user has the answer: request log, sampled evidence, shadow copy. */
  private after(
    release: CompiledRelease,
    result: UpstreamResult & { ok: true },
    parsed: unknown,
    items: (string | number)[] | undefined,
    latencyMs: number,
    sample: boolean,
  ): void {
    const { ctx, model, policy, req } = this.request;
    const route = routeOf(release, this.request.region, this.apart);
    if (this.request.requestSeq > 0) ctx.requestLog.setOwn(this.request.requestSeq, route);
    else ctx.requestLog.set(this.request.requestId, route);
    if (sample)
      ctx.telemetry.recordSample({
        model: model.name,
        release: route.label ?? release.name,
        at: this.request.at,
        request: {
          method: this.request.method,
          path: req.url,
          headers: { ...req.headers },
          body: this.request.parsed,
        },
        response: { body: parsed ?? result.body.toString('utf8') },
        status: result.status,
        latencyMs,
      });
    const mirror = policy.mirror;
    if (
      mirror &&
      result.status < 300 &&
      parsed !== undefined &&
      mirror.release !== release &&
      ctx.random() * 10_000 < mirror.bp
    )
      ctx.shadow.submit({
        model,
        protocol: this.request.protocol,
        mirror,
        suffix: this.request.suffix,
        query: this.request.query,
        method: this.request.method,
        headers: forwardHeaders(req.rawHeaders, mirror.release.passHeaders),
        body: this.request.body,
        primaryPayload: this.request.protocol.payload(parsed),
        primaryItems: items,
        segments: segmentValues(mirror.segmentBy, req.headers, this.request.parsed, this.request.at),
        region: this.request.region,
        at: this.request.at,
      });
  }
}
