/**
 * One request to a backend through undici's lowest-level `dispatch` API: no stream or promise
 * per request, the response body is collected into one Buffer (the gateway reads predictions
 * from it anyway) and handed to `done` exactly once.
 *
 * The deadline (`timeoutMs`, headers and body together) is the gateway's own timer: undici's
 * timeouts tick on a coarse clock (about half a second), which answered a 1 s timeout at 1.5 s.
 */
import type { Dispatcher } from 'undici';

export type UpstreamResult =
  | { ok: true; status: number; rawHeaders: Buffer[]; body: Buffer }
  | { ok: false; kind: 'timeout' | 'connection'; error: Error };

export interface UpstreamRequest {
  path: string;
  method: string;
  /** Flat [name, value, ...]. */
  headers: string[];
  body: Buffer | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

class ResponseTooLargeError extends Error {
  constructor(limit: number) {
    super(`upstream response exceeds ${limit} bytes (limits.maxResponseBytes)`);
  }
}

class DeadlineError extends Error {
  readonly code = 'UND_ERR_HEADERS_TIMEOUT';
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

class CancelledError extends Error {
  constructor() {
    super('the client went away');
  }
}

/** An upstream call in flight. */
export interface UpstreamCall {
  /** Stops the call (the client went away): `done` is not called, and a call not yet sent is never sent. */
  cancel(): void;
}

/** A module-level timer callback (no closure per request). */
function expire(handler: CollectHandler): void {
  handler.expire();
}

/** Legacy-style dispatch handler: undici passes raw header buffers through without parsing them. */
class CollectHandler {
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private abort: ((err?: Error) => void) | undefined;
  private finished = false;
  /** Set when the deadline passed or the call was cancelled before undici offered an abort. */
  private stopWith: Error | undefined;
  timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limit: number,
    private readonly timeoutMs: number,
    private readonly done: (result: UpstreamResult) => void,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    // Stopped while queued for a connection: the request is never written.
    if (this.stopWith) abort(this.stopWith);
  }

  expire(): void {
    this.timer = undefined;
    if (this.finished) return;
    const error = new DeadlineError(this.timeoutMs);
    this.stop(error);
    this.finish({ ok: false, kind: 'timeout', error });
  }

  cancel(): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    this.stop(new CancelledError());
  }

  private stop(error: Error): void {
    this.stopWith = error;
    this.abort?.(error);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private finish(result: UpstreamResult): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    this.done(result);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.abort?.(new ResponseTooLargeError(this.limit));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.finished) return;
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.finish({ ok: true, status: this.status, rawHeaders: this.rawHeaders, body });
  }

  onError(error: Error): void {
    if (this.finished) return;
    const code = (error as { code?: string }).code;
    this.finish({ ok: false, kind: code && TIMEOUT_CODES.has(code) ? 'timeout' : 'connection', error });
  }
}

export function callUpstream(
  pool: Dispatcher,
  request: UpstreamRequest,
  done: (result: UpstreamResult) => void,
): UpstreamCall {
  const handler = new CollectHandler(request.maxResponseBytes, request.timeoutMs, done);
  handler.timer = setTimeout(expire, request.timeoutMs, handler);
  try {
    pool.dispatch(
      {
        path: request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      },
      handler as unknown as Dispatcher.DispatchHandler,
    );
  } catch (error) {
    handler.onError(error as Error);
  }
  return handler;
}
