/**
 * Tells a receiver of an incident with a signed JSON POST: the signing, timestamp and
 * idempotency headers of the webhook executor (actions/executors/webhook/signed-delivery.ts), so one
 * receiver checks both the same way. The idempotency key is the notice id, the same on every
 * attempt and every redelivery. Network errors, timeouts, 408, 429 and 5xx are retried with
 * exponential backoff; other 4xx fail at once. The secret never appears in results or errors.
 */
import type { Clock } from '../../core/clock.js';
import {
  deliverSigned,
  describeEndpoint,
  parseWebhookUrl,
  signedEndpoint,
} from '../../actions/executors/webhook/signed-delivery.js';
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
  const url = parseWebhookUrl(options.url);
  const endpoint = describeEndpoint(url);
  const name = `webhook:${options.name ?? 'default'}`;
  const kinds = new Set(options.kinds ?? Object.keys(NOTICE_EVENTS));
  const target = signedEndpoint(name, url, options);

  return {
    name,
    async notify(notice, signal) {
      if (!kinds.has(notice.kind)) return;
      signal.throwIfAborted();
      // Read at delivery: a secret that went missing fails this notice, never sends it unsigned.
      const secret = typeof options.secret === 'function' ? options.secret() : options.secret;
      const delivery = {
        body: JSON.stringify(noticeBody(notice)),
        idempotencyKey: notice.id,
        event: NOTICE_EVENTS[notice.kind],
        secret,
      };
      await deliverSigned(target, delivery, signal).catch((error: unknown) => {
        throw signal.aborted ? new Error(`${name} to ${endpoint}: delivery cancelled`) : error;
      });
    },
  };
}
