/**
 * One request to a backend through undici's lowest-level `dispatch` API: no stream or promise
 * per request, the response body is collected into one Buffer (the gateway reads predictions
 * from it anyway) and handed to `done` exactly once.
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

/** Legacy-style dispatch handler: undici passes raw header buffers through without parsing them. */
class CollectHandler {
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private abort: ((err?: Error) => void) | undefined;
  private finished = false;

  constructor(
    private readonly limit: number,
    private readonly done: (result: UpstreamResult) => void,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
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
    this.finished = true;
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.done({ ok: true, status: this.status, rawHeaders: this.rawHeaders, body });
  }

  onError(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    const code = (error as { code?: string }).code;
    this.done({ ok: false, kind: code && TIMEOUT_CODES.has(code) ? 'timeout' : 'connection', error });
  }
}

export function callUpstream(
  pool: Dispatcher,
  request: UpstreamRequest,
  done: (result: UpstreamResult) => void,
): void {
  const handler = new CollectHandler(request.maxResponseBytes, done);
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
}
