/**
 * A generic webhook signed the Standard Webhooks way (standardwebhooks.com): `webhook-id` (the
 * notice id, the same on every attempt and redelivery, so a receiver deduplicates by it),
 * `webhook-timestamp` and `webhook-signature` (`v1,` + HMAC-SHA256 of `id.timestamp.body` under
 * the `whsec_` secret), signed by the reference `standardwebhooks` library so any receiver's
 * Standard Webhooks verifier accepts it. The body is `{ type, timestamp, data }`.
 */
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import {
  deliverSigned,
  describeEndpoint,
  parseWebhookUrl,
  signedEndpoint,
} from '../../actions/executors/webhook/signed-delivery.js';
import type { IncidentNotice, NoticeKind, Notifier } from '../notifier.js';
import { noticeBody } from '../webhook/webhook-notifier.js';

export interface StandardWebhookNotifierOptions {
  /** Notifier name is `standard-webhook:${name}`. */
  name: string;
  url: string;
  /** `whsec_…`, read at delivery; throws naming the variable when it is missing. */
  secret: () => string;
  /** @default every kind */
  kinds?: readonly NoticeKind[] | undefined;
  retries?: number | undefined;
  backoffMs?: number | undefined;
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

export interface StandardWebhookPayload {
  /** `ripcord.incident.opened`, `ripcord.incident.resolved`, `ripcord.rollout.alert`, … */
  type: string;
  timestamp: string;
  data: ReturnType<typeof noticeBody> & { kind: NoticeKind; at: string; drill: boolean };
}

export function standardWebhookPayload(notice: IncidentNotice): StandardWebhookPayload {
  return {
    type: notice.kind === 'alert' ? 'ripcord.rollout.alert' : `ripcord.incident.${notice.kind}`,
    timestamp: new Date(notice.at).toISOString(),
    data: {
      ...noticeBody(notice),
      kind: notice.kind,
      at: new Date(notice.at).toISOString(),
      drill: notice.drill ?? false,
    },
  };
}

export function standardWebhookNotifier(options: StandardWebhookNotifierOptions): Notifier {
  const name = `standard-webhook:${options.name}`;
  const url = parseWebhookUrl(options.url);
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const clock = options.clock ?? systemClock;
  return {
    name,
    async notify(notice, signal) {
      signal.throwIfAborted();
      if (kinds && !kinds.has(notice.kind)) return;
      let signer: Webhook;
      try {
        signer = new Webhook(options.secret());
      } catch (error) {
        if (error instanceof Error && /environment variable/.test(error.message)) throw error;
        throw new Error(`${name}: the signing secret is not a Standard Webhooks secret (whsec_ and base64)`);
      }
      const body = JSON.stringify(standardWebhookPayload(notice));
      const sentAt = new Date(clock.now());
      const headers = {
        'webhook-id': notice.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signer.sign(notice.id, sentAt, body),
      };
      const endpoint = signedEndpoint(name, url, { ...options, clock, headers });
      const delivery = { body, idempotencyKey: notice.id, event: notice.kind, secret: undefined };
      await deliverSigned(endpoint, delivery, signal).catch((error: unknown) => {
        throw signal.aborted ? new Error(`${name} to ${describeEndpoint(url)}: delivery cancelled`) : error;
      });
    },
  };
}
