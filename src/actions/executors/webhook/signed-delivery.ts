/**
 * One signed JSON POST with retries, shared by the rollback webhook executor and the webhook
 * notifier: the HMAC signature over `${timestamp}.${body}`, the idempotency key every attempt
 * repeats, a per-attempt timeout, and exponential backoff on network errors, timeouts, 408, 429
 * and 5xx (honouring Retry-After). Other 4xx fail at once. Errors name the endpoint by origin and
 * path only: query strings and user info often carry tokens.
 */
import { createHmac } from 'node:crypto';
import { systemClock, type Clock } from '../../../core/clock.js';
import { ValidationError } from '../../../core/errors.js';

export const SIGNATURE_HEADER = 'x-ripcord-signature';
export const TIMESTAMP_HEADER = 'x-ripcord-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Where and how to deliver; fixed for one executor or notifier. */
export interface SignedEndpoint {
  /** Names the sender in errors: `webhook:pagerduty`. */
  name: string;
  url: URL;
  /** Extra headers, e.g. a routing key. Not recorded. */
  headers?: Record<string, string> | undefined;
  clock: Clock;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
}

/** The delivery settings a webhook sender accepts, all optional. */
export interface DeliverySettings {
  headers?: Record<string, string> | undefined;
  /** For backoff sleeps and the signed timestamp. @default systemClock */
  clock?: Clock | undefined;
  /** Per attempt. @default 5000 */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. @default 3 */
  retries?: number | undefined;
  /** First backoff; doubles per retry up to maxBackoffMs. @default 250 */
  backoffMs?: number | undefined;
  /** @default 5000 */
  maxBackoffMs?: number | undefined;
}

export function signedEndpoint(name: string, url: URL, settings: DeliverySettings): SignedEndpoint {
  return {
    name,
    url,
    headers: settings.headers,
    clock: settings.clock ?? systemClock,
    timeoutMs: settings.timeoutMs ?? 5_000,
    retries: settings.retries ?? 3,
    backoffMs: settings.backoffMs ?? 250,
    maxBackoffMs: settings.maxBackoffMs ?? 5_000,
  };
}

/** One delivery: the same body, key and event on every attempt. */
export interface SignedDelivery {
  body: string;
  idempotencyKey: string;
  /** The `x-ripcord-event` header. */
  event: string;
  secret: string | undefined;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Checks a receiver's URL when the sender is built, naming the field and the fix. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(
      'url',
      'url: give an absolute http(s) URL such as https://hooks.example.com/ripcord',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError('url', `url: use http or https, not ${url.protocol.replace(':', '')}`);
  return url;
}

/** Origin and path only. */
export function describeEndpoint(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Delivers with retries; resolves with the accepting HTTP status and the attempts it took. An
 * aborted `signal` rejects with the signal's reason, at once or during a backoff.
 */
export async function deliverSigned(
  endpoint: SignedEndpoint,
  delivery: SignedDelivery,
  signal: AbortSignal,
): Promise<{ status: number; attempts: number }> {
  const { retries, backoffMs, maxBackoffMs, clock } = endpoint;
  let last = '';
  for (let n = 0; n <= retries; n++) {
    try {
      return { status: await attempt(endpoint, delivery, signal), attempts: n + 1 };
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      last = error.message;
      if (n < retries)
        await clock.sleep(Math.min(maxBackoffMs, error.retryAfterMs ?? backoffMs * 2 ** n), signal);
    }
  }
  throw new Error(
    `${endpoint.name} to ${describeEndpoint(endpoint.url)} failed after ${retries + 1} attempts: ${last}`,
  );
}

async function attempt(
  endpoint: SignedEndpoint,
  delivery: SignedDelivery,
  signal: AbortSignal,
): Promise<number> {
  const { clock, timeoutMs } = endpoint;
  const timestamp = String(Math.floor(clock.now() / 1000));
  const headers: Record<string, string> = {
    ...endpoint.headers,
    'content-type': 'application/json',
    [IDEMPOTENCY_HEADER]: delivery.idempotencyKey,
    [TIMESTAMP_HEADER]: timestamp,
    'x-ripcord-event': delivery.event,
  };
  if (delivery.secret) headers[SIGNATURE_HEADER] = signWebhook(delivery.secret, timestamp, delivery.body);
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers,
      body: delivery.body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new RetryableError(
      timedOut ? `no answer within ${timeoutMs} ms` : `connection failed (${cause ?? 'network error'})`,
    );
  }
  await response.body?.cancel();
  if (response.ok) return response.status;
  const status = response.status;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new RetryableError(
      `HTTP ${status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  throw new Error(
    `${endpoint.name} to ${describeEndpoint(endpoint.url)} was refused: HTTP ${status} (not retried; check the receiver's configuration)`,
  );
}
