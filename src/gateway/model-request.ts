/**
 * An inference or model-status request: finds its model and traffic policy in the routing table,
 * reads and validates the JSON body, picks the release and hands over to an Exchange.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GatewayContext } from './gateway-context.js';
import { parseLenientJson } from './lenient-json.js';
import { pickRelease } from './pick-release.js';
import { sendInternalError, sendProblem } from './problem.js';
import type { ProtocolAdapter } from './protocols/protocol.js';
import { Exchange, type RoutedRequest } from './proxy-exchange.js';
import { rawHeader } from './raw-header.js';
import { readBody } from './read-body.js';
import { nextRequestSeq, requestIdOf } from './request-id.js';
import type { RoutingTable } from './routing-table.js';

const JSON_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface ModelRequest {
  req: IncomingMessage;
  res: ServerResponse;
  protocol: ProtocolAdapter;
  modelName: string;
  suffix: string;
  inference: boolean;
  query: string;
  method: string;
}

export function handleModelRequest(
  ctx: GatewayContext,
  table: RoutingTable | undefined,
  r: ModelRequest,
): void {
  const { req, res, protocol, modelName } = r;
  const incomingId = rawHeader(req.rawHeaders, 'x-request-id');
  const own = incomingId === undefined || incomingId.length === 0 || incomingId.length > 200;
  const requestSeq = own ? nextRequestSeq() : 0;
  const requestId = own ? requestIdOf(requestSeq) : incomingId;
  if (!table)
    return sendProblem(res, {
      status: 503,
      title: 'No routing table',
      detail: 'the gateway has not received a routing table yet; check its control plane connection',
      requestId,
    });
  const model = table.models.get(modelName);
  if (!model || model.protocol !== protocol.name)
    return sendProblem(res, {
      status: 404,
      title: 'Unknown model',
      detail: model
        ? `model "${modelName}" speaks ${model.protocol}, not ${protocol.name}; use its ${model.protocol} routes`
        : `no model "${modelName}" in the routing table; known: ${[...table.models.keys()].join(', ') || 'none'}`,
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
  // One object per request, completed by `forward` and handed to the Exchange as it is.
  const pending: RoutedRequest = {
    ctx,
    req,
    res,
    model,
    policy,
    protocol,
    suffix: r.suffix,
    query: r.query,
    method: r.method,
    inference: r.inference,
    requestId,
    requestSeq,
    at: ctx.clock.now(),
    region: 'default',
    body: undefined,
    parsed: undefined,
  };
  if (!JSON_METHODS.has(r.method)) return forward(ctx, pending, undefined);
  readBody(req, ctx.maxBodyBytes, (result) => {
    if (result.ok) {
      try {
        return forward(ctx, pending, result.body);
      } catch (error) {
        return sendInternalError(ctx.logger, res, error, requestId);
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

/** Validates the body (malformed JSON is answered here, not by the model), picks the release and starts the exchange. */
function forward(ctx: GatewayContext, pending: RoutedRequest, body: Buffer | undefined): void {
  const { req, res, model, policy, requestId } = pending;
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
    ctx.pinSecret,
  );
  if ('error' in pick)
    return sendProblem(res, {
      status: pick.status,
      title: pick.status === 403 ? 'Pin not allowed' : 'Bad pin',
      detail: pick.error,
      requestId,
    });
  // Gated canaries are served by stable; a gated stable is served by nobody: the flag wins.
  if (pick.release.gated)
    return sendProblem(res, {
      status: 503,
      title: 'Release gated by a flag',
      detail: `release "${pick.release.name}" (stable of ${model.name}) uses ${pick.release.gatedBy.join(', ')}, disabled by its flag; enable the flag or move the traffic to another release`,
      requestId,
    });
  // The label is capped (routing above used the value as sent: a region's own weights apply).
  pending.region =
    regionHeader === undefined || regionHeader === ''
      ? region
      : ctx.regions.of(region, policy.regions.has(region));
  pending.body = body;
  pending.parsed = parsed;
  new Exchange(pending).start(pick.release, pick.reason);
}
