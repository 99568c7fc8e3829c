/** RFC 9457 problem+json responses written straight to node:http (the gateway has no framework). */
import type { ServerResponse } from 'node:http';

export interface ProblemOptions {
  status: number;
  title: string;
  detail: string;
  requestId?: string | undefined;
  release?: string | undefined;
  /** Close the connection after responding (e.g. a request body left unread). */
  close?: boolean;
  /** Extra response headers, flat [name, value, ...]. */
  headers?: readonly string[];
  extra?: Record<string, unknown>;
}

const TYPES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  408: 'request-timeout',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  500: 'internal',
  502: 'bad-gateway',
  503: 'unavailable',
  504: 'gateway-timeout',
};

/**
 * KServe's Open Inference Protocol and TF Serving's REST API answer errors as `{"error": "..."}`,
 * which their clients read (whatever the content type). On those routes the problem document also
 * carries `error` (its detail), so one body serves both kinds of client.
 */
export function speaksInferenceErrors(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/v2/') || url === '/v2' || url.startsWith('/v1/models/'));
}

export function sendProblem(res: ServerResponse, p: ProblemOptions): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const inference = speaksInferenceErrors((res as { req?: { url?: string } }).req?.url);
  const body = Buffer.from(
    JSON.stringify({
      ...(inference ? { error: p.detail } : {}),
      type: `https://ripcord.dev/problems/${TYPES[p.status] ?? 'error'}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      ...(p.requestId ? { requestId: p.requestId } : {}),
      ...(p.release ? { release: p.release } : {}),
      ...p.extra,
    }),
  );
  const headers: string[] = [
    'content-type',
    'application/problem+json',
    'content-length',
    String(body.length),
  ];
  if (p.requestId) headers.push('x-request-id', p.requestId);
  if (p.release) headers.push('x-ripcord-release', p.release);
  if (p.close) headers.push('connection', 'close');
  if (p.headers) headers.push(...p.headers);
  res.writeHead(p.status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, extra: string[] = []): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, [
    'content-type',
    'application/json',
    'content-length',
    String(body.length),
    ...extra,
  ]);
  res.end(body);
}

/** A bug in the gateway answers 500 for that request instead of taking the process down. */
export function sendInternalError(
  logger: { error(obj: object, msg?: string): void },
  res: ServerResponse,
  error: unknown,
  requestId?: string,
): void {
  logger.error({ err: (error as Error).stack }, 'gateway request failed unexpectedly');
  sendProblem(res, {
    status: 500,
    title: 'Internal gateway error',
    detail: (error as Error).message,
    requestId,
  });
}
