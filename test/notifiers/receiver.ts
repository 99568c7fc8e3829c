/**
 * A local receiver standing in for a notification service: it checks each request the way the
 * service's published API does (`check` answers with the service's own status and body), keeps
 * what it accepted, and can fail for a while, refuse everything or stop answering on request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The service's answer; `accepted` requests are kept. */
export interface Answer {
  status: number;
  body?: unknown;
  accepted?: boolean;
}

export interface Receiver {
  url: string;
  accepted: ReceivedRequest[];
  /** Every request, accepted or not. */
  all: ReceivedRequest[];
  flaky(attempts: number): void;
  refuse(): void;
  hang(): void;
  close(): Promise<void>;
}

export async function startReceiver(
  check: (request: ReceivedRequest) => Answer,
  refusal: Answer = { status: 403, body: 'invalid_token' },
): Promise<Receiver> {
  const accepted: ReceivedRequest[] = [];
  const all: ReceivedRequest[] = [];
  let failures = 0;
  let mode: 'ok' | 'refuse' | 'hang' = 'ok';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      all.push(request);
      if (mode === 'hang') return;
      const answer: Answer =
        failures > 0
          ? ((failures -= 1), { status: 503, body: 'service unavailable' })
          : mode === 'refuse'
            ? refusal
            : check(request);
      if (answer.accepted) accepted.push(request);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      res
        .writeHead(answer.status, {
          'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
        })
        .end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    all,
    flaky: (attempts) => void (failures = attempts),
    refuse: () => void (mode = 'refuse'),
    hang: () => void (mode = 'hang'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The request body as JSON, or as a form (Slack's Web API client posts forms, JSON in fields). */
export function bodyOf(request: ReceivedRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = Object.fromEntries(new URLSearchParams(request.body));
    for (const key of ['blocks', 'attachments', 'metadata'])
      if (typeof form[key] === 'string') form[key] = JSON.parse(form[key]) as never;
    return form;
  }
  return JSON.parse(request.body) as Record<string, unknown>;
}
