/**
 * One route table drives request validation, authorization and the OpenAPI document, so the
 * three cannot disagree. Handlers receive already-validated input and the calling principal.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../registry/schemas.js';
import type { TokenInfo } from '../registry/types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: TokenInfo;
  /** The actor to record in the audit trail, with reason, request id and If-Match revision. */
  actor: {
    actor: string;
    reason?: string | undefined;
    requestId: string;
    expectedRevision?: number | undefined;
  };
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Fastify path under /api/v1, e.g. `/models/:name`. */
  url: string;
  /** Least role allowed; `public` skips authentication. */
  role: Role | 'public';
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful response. @default 200 */
  successStatus?: number;
  /**
   * Schema of the success body: the OpenAPI document states it so a generated client gets types.
   * Every new route gives one.
   */
  response?: z.ZodType;
  /** The route answers a server-sent event stream (`text/event-stream`), not JSON. */
  eventStream?: boolean;
  /** Media type of the success body when it is not JSON (e.g. `text/markdown`). */
  contentType?: string;
  handler(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

/** Identity helper that keeps the handler's input types inferred from the schemas. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RouteDefinition<P, Q, B>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}
