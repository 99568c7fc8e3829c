/**
 * Microsoft Teams: an Adaptive Card posted to a channel's incoming webhook or Workflows URL, a new
 * card per state (neither can edit a posted card). The URL is a credential (whoever holds it can
 * post): it is read at delivery and errors never show it. Retries on 408, 429, 5xx and network
 * errors.
 */
import type { Clock } from '../../core/clock.js';
import {
  deliverSigned,
  parseWebhookUrl,
  signedEndpoint,
} from '../../actions/executors/webhook/signed-delivery.js';
import type { NoticeKind, Notifier } from '../notifier.js';
import { DeliveredOnce } from '../delivered-once.js';
import { teamsMessage } from './adaptive-card.js';

export interface TeamsNotifierOptions {
  /** Notifier name is `teams:${name}`. */
  name: string;
  /** Read at delivery; throws naming the variable when it is missing. */
  webhookUrl: () => string;
  /** @default every kind */
  kinds?: readonly NoticeKind[] | undefined;
  retries?: number | undefined;
  backoffMs?: number | undefined;
  timeoutMs?: number | undefined;
  clock?: Clock | undefined;
}

export function teamsNotifier(options: TeamsNotifierOptions): Notifier {
  const name = `teams:${options.name}`;
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const delivered = new DeliveredOnce();
  return {
    name,
    async notify(notice, signal) {
      signal.throwIfAborted();
      if ((kinds && !kinds.has(notice.kind)) || delivered.has(notice.id)) return;
      let url: URL;
      try {
        url = parseWebhookUrl(options.webhookUrl());
      } catch (error) {
        // The variable is unset (named by the reader) or does not hold a URL (never echoed).
        throw error instanceof Error && /environment variable/.test(error.message)
          ? error
          : new Error(`${name}: the configured webhook URL is not an absolute http(s) URL`);
      }
      const endpoint = signedEndpoint(name, url, options);
      const delivery = {
        body: JSON.stringify(teamsMessage(notice)),
        idempotencyKey: notice.id,
        event: notice.kind,
        secret: undefined,
      };
      await deliverSigned(endpoint, delivery, signal).catch((error: unknown) => {
        if (signal.aborted) throw new Error(`${name}: delivery cancelled`);
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(message.split(`${url.origin}${url.pathname}`).join('the configured webhook URL'));
      });
      delivered.add(notice.id);
    },
  };
}
