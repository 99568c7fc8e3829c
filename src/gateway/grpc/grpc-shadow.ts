/**
 * Shadow copies of gRPC inference calls: the same ShadowMirror (lanes, bounds, reports) as REST,
 * with the copy sent over gRPC to the mirror release; its answer is compared as its REST view,
 * so `/shadow` reports one diff per model whatever the transport.
 */
import { status, type MethodDefinition, type ServiceError } from '@grpc/grpc-js';

import type { Backends } from '../backends.js';
import type { CompiledMirror } from '../routing-table.js';
import type { ShadowMirror } from '../shadow/shadow-mirror.js';
import type { UpstreamResult } from '../upstream-call.js';
import type { GrpcChannels } from './grpc-channels.js';
import type { GrpcRoutedCall } from './grpc-exchange.js';
import { backendMetadata } from './grpc-metadata.js';
import { httpStatusOf } from './grpc-status.js';
import type { Message } from './model-methods.js';

const EMPTY = Buffer.alloc(0);

function resultOf(
  call: GrpcRoutedCall,
  error: ServiceError | null,
  response: Message | undefined,
): UpstreamResult {
  if (error?.code === status.DEADLINE_EXCEEDED) return { ok: false, kind: 'timeout', error };
  if (error?.code === status.UNAVAILABLE) return { ok: false, kind: 'connection', error };
  if (error || !response)
    return { ok: true, status: httpStatusOf(error?.code ?? status.INTERNAL), rawHeaders: [], body: EMPTY };
  let body = EMPTY;
  try {
    body = Buffer.from(JSON.stringify(call.method.responseView!(response)), 'utf8');
  } catch {
    // An answer whose tensors cannot be read counts as invalid, as an unparsable REST body does.
  }
  return { ok: true, status: 200, rawHeaders: [], body };
}

export class GrpcShadow {
  constructor(
    private readonly mirror: ShadowMirror,
    private readonly backends: Backends,
    private readonly channels: GrpcChannels,
    private readonly random: () => number,
  ) {}

  submit(
    call: GrpcRoutedCall,
    definition: MethodDefinition<Message, Message>,
    mirror: CompiledMirror,
    primaryPayload: unknown,
    primaryItems: (string | number)[] | undefined,
    segments: [string, string][],
  ): void {
    this.mirror.submit({
      model: call.model,
      protocol: call.protocol,
      mirror,
      suffix: '',
      query: '',
      method: 'POST',
      headers: [],
      body: undefined,
      primaryPayload,
      primaryItems,
      segments,
      region: call.region,
      at: call.at,
      send: (release, timeoutMs, done) => {
        const { backend } = this.backends.any(release, this.random());
        const metadata = backendMetadata(call.metadata, release.passHeaders, release.headers, call.requestId);
        metadata.set('x-ripcord-shadow', 'true');
        this.channels
          .client(backend.origin)
          .makeUnaryRequest(
            definition.path,
            definition.requestSerialize,
            definition.responseDeserialize,
            call.method.upstream(call.request, release.upstreamModel),
            metadata,
            { deadline: Date.now() + timeoutMs },
            (error: ServiceError | null, response?: Message) => done(resultOf(call, error, response)),
          );
      },
    });
  }
}
