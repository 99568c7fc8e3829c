import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';

import type { GatewayOptions } from './gateway-options.js';

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0))
    throw new Error(`${name}: ${value} must be a positive integer`);
  return value;
}

/**
 * The node:http (or https, with `tls`) server a gateway listens with. A client gets
 * `headersTimeoutMs` for its headers and `requestTimeoutMs` for the whole request (then 408 and
 * the connection closed), checked every second: Node's defaults held a slow upload for 300 s.
 * Past `maxConnections`, new connections are closed at once.
 */
export function createGatewayServer(
  options: Pick<GatewayOptions, 'limits' | 'tls'>,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): http.Server | https.Server {
  const serverOptions = {
    headersTimeout: positive('limits.headersTimeoutMs', options.limits?.headersTimeoutMs ?? 15_000),
    requestTimeout: positive('limits.requestTimeoutMs', options.limits?.requestTimeoutMs ?? 30_000),
    connectionsCheckingInterval: 1_000,
  };
  const server = options.tls
    ? https.createServer({ ...options.tls, ...serverOptions }, handle)
    : http.createServer(serverOptions, handle);
  server.keepAliveTimeout = 60_000;
  server.maxConnections = positive('limits.maxConnections', options.limits?.maxConnections ?? 10_000);
  return server;
}
