/**
 * Tells a receiver of an incident with a signed JSON POST: the signing, timestamp and
 * idempotency headers of the webhook executor (actions/executors/webhook-executor.ts), so one
 * receiver checks both the same way. The idempotency key is the notice id, the same on every
 * attempt and every redelivery. Network errors, timeouts, 408, 429 and 5xx are retried with
 * exponential backoff; other 4xx fail at once. The secret never appears in results or errors.
 */
import { systemClock, type Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signWebhook,
} from '../../actions/executors/webhook/webhook-executor.js';
import type { RollbackWebhookBody } from '../../actions/executors/webhook/webhook-executor.js';
import type { IncidentNotice, NoticeKind, Notifier } from '../notifier.js';

/** What each kind of notice is called in the `x-ripcord-event` header and the body's `type`. */
export const NOTICE_EVENTS: Record<NoticeKind, string> = {
  opened: 'opened',
  updated: 'updated',
  escalated: 'escalation',
  resolved: 'resolved',
  alert: 'alert',
};

/** The JSON a receiver gets: a rollback webhook's fields, typed `ripcord.<event>`. */
export interface NoticeWebhookBody extends Omit<RollbackWebhookBody, 'type'> {
  type: `ripcord.${string}`;
}

export interface WebhookNotifierOptions {
  /** Notifier name is `webhook:${name}`. @default "default" */
  name?: string;
  url: string;
  /** HMAC key, or a function that reads it at delivery (a missing one then fails that delivery). */
  secret?: string | (() => string | undefined) | undefined;
  /** Extra headers, e.g. a routing key. Not recorded. */
  headers?: Record<string, string>;
  /** The kinds this receiver is told of; others resolve at once, unsent. @default every kind */
  kinds?: readonly NoticeKind[];
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
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Origin and path only: query strings and user info often carry tokens. */
function describeEndpoint(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function parseUrl(text: string): URL {
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

export function noticeBody(notice: IncidentNotice): NoticeWebhookBody {
  return {
    type: `ripcord.${NOTICE_EVENTS[notice.kind]}`,
    actionId: notice.id,
    eventId: notice.incidentId,
    model: notice.model,
    release: notice.release,
    target: notice.target,
    trigger: notice.trigger,
    reason: notice.reason,
    role: notice.role,
    actor: notice.actor,
    decidedAt: new Date(notice.decidedAt).toISOString(),
  };
}

export function webhookNotifier(options: WebhookNotifierOptions): Notifier {
  const url = parseUrl(options.url);
  const endpoint = describeEndpoint(url);
  const name = `webhook:${options.name ?? 'default'}`;
  const kinds = new Set(options.kinds ?? Object.keys(NOTICE_EVENTS));
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;

  async function attempt(
    body: string,
    notice: IncidentNotice,
    secret: string | undefined,
    signal: AbortSignal,
  ) {
    const timestamp = String(Math.floor(clock.now() / 1000));
    const headers: Record<string, string> = {
      ...options.headers,
      'content-type': 'application/json',
      [IDEMPOTENCY_HEADER]: notice.id,
      [TIMESTAMP_HEADER]: timestamp,
      'x-ripcord-event': NOTICE_EVENTS[notice.kind],
    };
    if (secret) headers[SIGNATURE_HEADER] = signWebhook(secret, timestamp, body);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (error) {
      if (signal.aborted) throw new Error(`${name} to ${endpoint}: delivery cancelled`);
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new RetryableError(
        timedOut ? `no answer within ${timeoutMs} ms` : `connection failed (${cause ?? 'network error'})`,
      );
    }
    await response.body?.cancel();
    if (response.ok) return;
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
    async notify(notice, signal) {
      if (!kinds.has(notice.kind)) return;
      signal.throwIfAborted();
      // Read at delivery: a secret that went missing fails this notice, never sends it unsigned.
      const secret = typeof options.secret === 'function' ? options.secret() : options.secret;
      const body = JSON.stringify(noticeBody(notice));
      let last = '';
      for (let n = 0; n <= retries; n++) {
        try {
          await attempt(body, notice, secret, signal);
          return;
        } catch (error) {
          if (!(error instanceof RetryableError)) throw error;
          last = error.message;
          if (n < retries)
            await clock
              .sleep(Math.min(maxBackoffMs, error.retryAfterMs ?? backoffMs * 2 ** n), signal)
              .catch(() => {
                throw new Error(`${name} to ${endpoint}: delivery cancelled`);
              });
        }
      }
      throw new Error(`${name} to ${endpoint} failed after ${retries + 1} attempts: ${last}`);
    },
  };
}
