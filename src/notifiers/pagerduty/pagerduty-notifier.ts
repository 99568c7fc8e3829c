/**
 * PagerDuty through the Events API v2. Opened and escalated notices trigger (or re-trigger) the
 * incident's alert, a resolved notice resolves it; `updated` is not sent (an alert cannot be
 * edited, and a re-trigger would page again). A drill never pages: its notices resolve here
 * unsent. Retries on 429, 5xx and network errors; a 400 (a malformed event or routing key) fails
 * at once. The routing key is read at delivery and never appears in an error.
 */
import type { Clock } from '../../core/clock.js';
import {
  deliverSigned,
  parseWebhookUrl,
  signedEndpoint,
} from '../../actions/executors/webhook/signed-delivery.js';
import type { NoticeKind, Notifier } from '../notifier.js';
import { DeliveredOnce } from '../delivered-once.js';
import { pagerDutyEvent } from './pagerduty-event.js';
import type { PagerDutySeverity } from './pagerduty-event.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const PAGERDUTY_DEFAULT_KINDS: readonly NoticeKind[] = ['opened', 'escalated', 'resolved'];

export interface PagerDutyNotifierOptions {
  /** Notifier name is `pagerduty:${name}`. */
  name: string;
  /** Read at delivery; throws naming the variable when it is missing. */
  routingKey: () => string;
  /** @default the Events API v2 enqueue URL */
  url?: string | undefined;
  /** @default critical */
  severity?: PagerDutySeverity | undefined;
  /** @default opened, escalated, resolved */
  kinds?: readonly NoticeKind[] | undefined;
  retries?: number | undefined;
  backoffMs?: number | undefined;
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

export function pagerDutyNotifier(options: PagerDutyNotifierOptions): Notifier {
  const name = `pagerduty:${options.name}`;
  const kinds = new Set(options.kinds ?? PAGERDUTY_DEFAULT_KINDS);
  const endpoint = signedEndpoint(name, parseWebhookUrl(options.url ?? PAGERDUTY_EVENTS_URL), options);
  const delivered = new DeliveredOnce();
  return {
    name,
    async notify(notice, signal) {
      signal.throwIfAborted();
      if (!kinds.has(notice.kind) || notice.kind === 'updated') return;
      if (notice.drill || delivered.has(notice.id)) return;
      const event = pagerDutyEvent(notice, options.routingKey(), options.severity ?? 'critical');
      const delivery = {
        body: JSON.stringify(event),
        idempotencyKey: notice.id,
        event: event.event_action,
        secret: undefined,
      };
      await deliverSigned(endpoint, delivery, signal).catch((error: unknown) => {
        throw signal.aborted ? new Error(`${name}: delivery cancelled`) : error;
      });
      delivered.add(notice.id);
    },
  };
}
