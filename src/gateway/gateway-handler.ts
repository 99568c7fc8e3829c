import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GatewayContext } from './gateway-context.js';
import type { GatewayRouting } from './gateway-routing.js';
import { handleModelRequest } from './model-request.js';
import { sendInternalError } from './problem.js';
import type { ProtocolAdapter } from './protocols/protocol.js';

type OwnEndpoint = (req: IncomingMessage, res: ServerResponse, path: string, method: string) => void;

/**
 * The gateway's request handler: a path a protocol claims is a model request (the hot path),
 * anything else one of the gateway's own endpoints; an unexpected throw answers 500.
 */
export function gatewayHandler(
  ctx: GatewayContext,
  routing: GatewayRouting,
  protocols: readonly ProtocolAdapter[],
  own: OwnEndpoint,
): (req: IncomingMessage, res: ServerResponse) => void {
  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    for (const protocol of protocols) {
      const m = protocol.match(path, method);
      if (m)
        return handleModelRequest(ctx, routing.table, {
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

  return function handle(req: IncomingMessage, res: ServerResponse): void {
    try {
      route(req, res);
    } catch (error) {
      sendInternalError(ctx.logger, res, error);
    }
  };
}
