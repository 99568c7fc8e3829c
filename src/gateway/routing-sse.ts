/**
 * The control plane's side of `GET /api/v1/routing/stream`: a server-sent event stream with a
 * `hello` naming the stream (when given), one `snapshot` event (a RoutingSnapshot as JSON, `id` = its revision) now and after every change,
 * and a comment heartbeat so gateways notice a dead connection. Framework-free: from Fastify,
 *
 *   app.get('/api/v1/routing/stream', (request, reply) => {
 *     reply.hijack();
 *     writeRoutingSse(reply.raw, () => buildSnapshot(registry), (onChange) => registry.onChange(onChange));
 *   });
 */
import type { ServerResponse } from 'node:http';

import type { RoutingSnapshot } from './routing-snapshot.js';

export interface RoutingSseOptions {
  /** Comment line interval that keeps proxies from closing the stream. @default 15000 */
  heartbeatMs?: number;
  /** Sent first as `event: hello` (`{"stream": id}`): the id the gateway reports what it serves under. */
  stream?: string;
  onError?: (error: Error) => void;
}

/** Events already formatted, by snapshot: streams handed the same snapshot share one serialisation. */
const formatted = new WeakMap<RoutingSnapshot, string>();

export function formatSnapshotEvent(snapshot: RoutingSnapshot): string {
  let event = formatted.get(snapshot);
  if (event === undefined) {
    event = `event: snapshot\nid: ${snapshot.revision}\ndata: ${JSON.stringify(snapshot)}\n\n`;
    formatted.set(snapshot, event);
  }
  return event;
}

/** Streams snapshots to one gateway until it disconnects; returns a function that ends the stream. */
export function writeRoutingSse(
  res: ServerResponse,
  getSnapshot: () => RoutingSnapshot | Promise<RoutingSnapshot>,
  subscribe: (onChange: () => void) => () => void,
  options: RoutingSseOptions = {},
): () => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  if (options.stream !== undefined)
    res.write(`event: hello\ndata: ${JSON.stringify({ stream: options.stream })}\n\n`);
  let closed = false;
  let sending = false;
  let again = false;
  let lastSent: string | undefined;

  // Coalesces bursts of changes: at most one read of the snapshot in flight, then one more.
  const send = async (): Promise<void> => {
    if (closed) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    try {
      do {
        again = false;
        const snapshot = await getSnapshot();
        const event = formatSnapshotEvent(snapshot);
        if (!closed && event !== lastSent) {
          res.write(event);
          lastSent = event;
        }
      } while (again && !closed);
    } catch (error) {
      options.onError?.(error as Error);
    } finally {
      sending = false;
    }
  };

  const unsubscribe = subscribe(() => void send());
  const heartbeat = setInterval(() => res.write(': ping\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  const end = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  res.on('close', end);
  void send();
  return end;
}
