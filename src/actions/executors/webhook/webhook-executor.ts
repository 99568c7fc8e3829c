/**
 * Tells another system about a rollback with a signed JSON POST. The body is signed with
 * HMAC-SHA256 over `${timestamp}.${body}` (header `x-ripcord-signature: sha256=<hex>`, timestamp
 * in `x-ripcord-timestamp`), so the receiver can check origin and freshness; every attempt of one
 * action carries the same `idempotency-key` (the action id), so a retried or resumed delivery is
 * recognisable as the same one. Network errors, timeouts, 408, 429 and 5xx are retried with
 * exponential backoff; other 4xx fail at once. The secret never appears in results or errors.
 * The executor remembers the deliveries it made, so a repeat within the process sends nothing and
 * its plan says so; across restarts the journal and the idempotency key keep a repeat harmless.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../../../core/clock.js';
import { ValidationError } from '../../../core/errors.js';
import { actionId, type ActionContext, type Executor } from '../executor.js';

export const SIGNATURE_HEADER = 'x-ripcord-signature';
export const TIMESTAMP_HEADER = 'x-ripcord-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface WebhookExecutorOptions {
  /** Executor name is `webhook:${name}`. @default "default" */
  name?: string;
  url: string;
  /** HMAC key; without it requests are unsigned. */
  secret?: string | undefined;
  /** Extra headers, e.g. a routing key. Not recorded. */
  headers?: Record<string, string>;
  /** Per attempt. @default 5000 */
  timeoutMs?: number;
  /** Retries after the first attempt. @default 3 */
  retries?: number;
  /** First backoff; doubles per retry up to maxBackoffMs. @default 250 */
  backoffMs?: number;
  /** @default 5000 */
  maxBackoffMs?: number;
  /** For backoff sleeps and the signed timestamp. @default systemClock */
  clock?: Clock;
  /**
   * What the delivery announces: `rollback` (a plan step), `escalation` (the rollback was not
   * verified; `reason` then says why) or `alert` (a rollout needs a person, e.g. a step holding
   * for want of data; `reason` says why). Sets the body's type, the `x-ripcord-event` header and
   * the executor name (`webhook:NAME` / `webhook-escalation:NAME` / `webhook-alert:NAME`).
   * @default "rollback"
   */
  event?: 'rollback' | 'escalation' | 'alert';
}

/** The JSON a receiver gets. */
export interface RollbackWebhookBody {
  type: 'ripcord.rollback' | 'ripcord.escalation' | 'ripcord.alert';
  actionId: string;
  eventId: string;
  model: string;
  release: string;
  target: string;
  trigger: string;
  reason: string;
  role: string;
  actor: string;
  decidedAt: string;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers: constant-time check of a delivery's signature. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Origin and path only: query strings and user info often carry tokens. */
function describeEndpoint(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Deliveries one executor remembers: a long-lived one must not grow without bound. */
const DELIVERIES_KEPT = 1_000;

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function createWebhookExecutor(options: WebhookExecutorOptions): Executor {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ValidationError(
      'url',
      'url: give an absolute http(s) URL such as https://hooks.example.com/ripcord',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError('url', `url: use http or https, not ${url.protocol.replace(':', '')}`);
  const endpoint = describeEndpoint(url);
  const event = options.event ?? 'rollback';
  const name = `${event === 'rollback' ? 'webhook' : `webhook-${event}`}:${options.name ?? 'default'}`;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  /** Action id → the HTTP status that accepted it; the oldest go first past DELIVERIES_KEPT. */
  const delivered = new Map<string, number>();
  const remember = (key: string, status: number): void => {
    delivered.set(key, status);
    for (const oldest of delivered.keys()) {
      if (delivered.size <= DELIVERIES_KEPT) break;
      delivered.delete(oldest);
    }
  };

  async function attempt(body: string, key: string, signal: AbortSignal): Promise<number> {
    const timestamp = String(Math.floor(clock.now() / 1000));
    const headers: Record<string, string> = {
      ...options.headers,
      'content-type': 'application/json',
      [IDEMPOTENCY_HEADER]: key,
      [TIMESTAMP_HEADER]: timestamp,
      'x-ripcord-event': event,
    };
    if (options.secret) headers[SIGNATURE_HEADER] = signWebhook(options.secret, timestamp, body);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body,
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
      `${name} to ${endpoint} was refused: HTTP ${status} (not retried; check the receiver's configuration)`,
    );
  }

  return {
    name,
    async plan(context: ActionContext, signal: AbortSignal) {
      signal.throwIfAborted();
      const key = actionId(context.eventId, name);
      const status = delivered.get(key);
      return status === undefined
        ? { changes: true, summary: `${name}: POST ${event} ${key} to ${endpoint}`, detail: { endpoint } }
        : {
            changes: false,
            summary: `${name}: ${key} already delivered to ${endpoint}`,
            detail: { endpoint, status },
          };
    },
    async apply(context: ActionContext, signal: AbortSignal) {
      signal.throwIfAborted();
      const key = actionId(context.eventId, name);
      const done = delivered.get(key);
      if (done !== undefined) return { changed: false, detail: { endpoint, status: done, attempts: 0 } };
      const payload: RollbackWebhookBody = {
        type: `ripcord.${event}`,
        actionId: key,
        eventId: context.eventId,
        model: context.model,
        release: context.release,
        target: context.target,
        trigger: context.trigger,
        reason: context.reason,
        role: context.role,
        actor: context.actor,
        decidedAt: new Date(context.decidedAt).toISOString(),
      };
      const body = JSON.stringify(payload);
      let last = '';
      for (let n = 0; n <= retries; n++) {
        try {
          const status = await attempt(body, key, signal);
          remember(key, status);
          return {
            changed: true,
            detail: { endpoint, status, attempts: n + 1, signed: Boolean(options.secret) },
          };
        } catch (error) {
          if (!(error instanceof RetryableError)) throw error;
          last = error.message;
          if (n < retries)
            await clock.sleep(Math.min(maxBackoffMs, error.retryAfterMs ?? backoffMs * 2 ** n), signal);
        }
      }
      throw new Error(`${name} to ${endpoint} failed after ${retries + 1} attempts: ${last}`);
    },
  };
}
