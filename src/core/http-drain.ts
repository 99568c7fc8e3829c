/**
 * Graceful shutdown of a node:http(s) server. On `drain(deadlineMs)` the server stops accepting
 * connections; requests in flight run to completion and their responses (and any response sent
 * while draining) carry `Connection: close`; keep-alive connections left idle are closed after a
 * short grace, so a request already on the wire is answered rather than reset; event streams
 * end at once. When the deadline passes, whatever is left (slow clients, half-sent requests) is
 * cut and the returned promise resolves.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

export interface DrainResult {
  /** Requests still running when the deadline cut them. */
  cut: number;
  /** Milliseconds the drain took. */
  tookMs: number;
}

/** How long a keep-alive connection may stay idle once draining before it is closed. @default 1000 */
const IDLE_GRACE_MS = 1_000;

export class HttpDrain {
  readonly #server: Server;
  readonly #inFlight = new Set<ServerResponse>();
  #draining = false;
  #done: Promise<DrainResult> | undefined;

  constructor(server: Server) {
    this.#server = server;
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => this.#track(req, res));
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Requests being answered now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Starts draining (idempotent); resolves once every connection is closed or cut. */
  drain(deadlineMs: number): Promise<DrainResult> {
    this.#done ??= this.#run(deadlineMs);
    return this.#done;
  }

  #track(req: IncomingMessage, res: ServerResponse): void {
    this.#inFlight.add(res);
    res.once('close', () => this.#inFlight.delete(res));
    if (!this.#draining) return;
    res.setHeader('connection', 'close');
    if (isEventStream(req)) res.destroy();
  }

  async #run(deadlineMs: number): Promise<DrainResult> {
    const started = Date.now();
    this.#draining = true;
    const server = this.#server;
    const closed = new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      // net's close stops accepting without http's immediate close of idle connections, whose
      // next request may already be on the wire.
      NetServer.prototype.close.call(server, () => resolve());
    });
    for (const res of this.#inFlight) {
      if (!res.headersSent) res.setHeader('connection', 'close');
      res.shouldKeepAlive = false;
      // Event streams never finish on their own; their clients reconnect elsewhere. Destroyed,
      // not ended, so a writer mid-send finds the stream gone instead of writing after its end.
      if (isEventStream(res.req)) res.destroy();
    }
    // A connection whose response went out before the drain began may carry one more request;
    // it gets `Connection: close`. Connections idle past the grace are closed.
    const sweep = setInterval(() => server.closeIdleConnections(), Math.min(IDLE_GRACE_MS, deadlineMs / 4));
    let cut = 0;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        cut = this.#inFlight.size;
        server.closeAllConnections();
        resolve();
      }, deadlineMs);
    });
    await Promise.race([closed, deadline.then(() => closed)]).finally(() => {
      clearInterval(sweep);
      clearTimeout(timer);
    });
    // http's own close clears its connection-checking timer; the listener is already closed.
    server.close(() => undefined);
    return { cut, tookMs: Date.now() - started };
  }
}

function isEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}
