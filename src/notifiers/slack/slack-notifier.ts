/**
 * Slack, two ways.
 * - Incoming webhook (`webhookUrl`): Slack's own client (`@slack/webhook`) posts a Block Kit
 *   message per state. An incoming webhook cannot edit what it posted, so each state is a new
 *   message carrying the whole current state and the incident's header block id.
 * - Bot token (`token` + `channel`): Slack's Web API client (`@slack/web-api`). The first notice
 *   of an incident posts its message; each later one edits that message to the current state
 *   (`chat.update`) and adds a thread reply saying what changed (`chat.postMessage` with
 *   `thread_ts`), so the channel shows one message per incident. The message's timestamp is
 *   remembered in the process; after a restart the next state starts a new message.
 * Slack takes no idempotency key: the controller's journal and `DeliveredOnce` keep a notice
 * from being posted twice. Errors name the notifier and Slack's answer, never the URL or token.
 */
import { IncomingWebhook } from '@slack/webhook';
import { WebClient } from '@slack/web-api';
import type { Logger } from '@slack/logger';
import { LogLevel } from '@slack/logger';
import type { IncidentNotice, NoticeKind, Notifier } from '../notifier.js';
import { DeliveredOnce, fetchUntil, untilAborted } from '../delivered-once.js';
import { slackMessage } from './slack-blocks.js';

export interface SlackNotifierOptions {
  /** Notifier name is `slack:${name}`. */
  name: string;
  /** Read at delivery (a credential); throws naming the variable when it is missing. */
  webhookUrl?: (() => string) | undefined;
  token?: (() => string) | undefined;
  channel?: string | undefined;
  /** @default https://slack.com/api/ */
  apiUrl?: string | undefined;
  /** @default every kind */
  kinds?: readonly NoticeKind[] | undefined;
  /** Retries after the first attempt (on 5xx, 429 and network errors). @default 3 */
  retries?: number | undefined;
  /** @default 250 */
  backoffMs?: number | undefined;
  /** Per attempt. @default 5000 */
  timeoutMs?: number | undefined;
}

/** Slack's clients log through this; nothing they log reaches ours (a URL may be a credential). */
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export function slackNotifier(options: SlackNotifierOptions): Notifier {
  const name = `slack:${options.name}`;
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const delivered = new DeliveredOnce();
  const threads = new Map<string, { channel: string; ts: string }>();
  const retryConfig = {
    retries: options.retries ?? 3,
    factor: 2,
    minTimeout: options.backoffMs ?? 250,
    maxTimeout: 5_000,
  };
  const timeout = options.timeoutMs ?? 5_000;
  if (!options.webhookUrl && !(options.token && options.channel))
    throw new Error(`${name}: give a webhook URL, or a bot token and a channel`);

  async function viaWebhook(notice: IncidentNotice, url: string, signal: AbortSignal): Promise<void> {
    const webhook = new IncomingWebhook(url, { fetch: fetchUntil(signal), timeout, retryConfig });
    await webhook.send(slackMessage(notice));
  }

  async function viaBot(notice: IncidentNotice, token: string, signal: AbortSignal): Promise<void> {
    const client = new WebClient(token, {
      slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
      fetch: fetchUntil(signal),
      timeout,
      retryConfig,
      logger: silent,
      allowAbsoluteUrls: false,
    });
    const message = slackMessage(notice);
    const thread = threads.get(notice.incidentId);
    if (!thread) {
      const posted = await client.chat.postMessage({ channel: options.channel ?? '', ...message });
      if (posted.ts && posted.channel)
        threads.set(notice.incidentId, { channel: posted.channel, ts: posted.ts });
      return;
    }
    await client.chat.update({ channel: thread.channel, ts: thread.ts, ...message });
    await client.chat.postMessage({
      channel: thread.channel,
      thread_ts: thread.ts,
      text: message.text,
      blocks: message.blocks.slice(2),
    });
  }

  return {
    name,
    async notify(notice, signal) {
      signal.throwIfAborted();
      if (kinds && !kinds.has(notice.kind)) return;
      if (delivered.has(notice.id)) return;
      const work = options.webhookUrl
        ? viaWebhook(notice, options.webhookUrl(), signal)
        : viaBot(notice, options.token?.() ?? '', signal);
      await untilAborted(work, signal, name).catch((error: unknown) => {
        throw new Error(`${name}: Slack did not accept the ${notice.kind} notice: ${slackReason(error)}`);
      });
      delivered.add(notice.id);
    },
  };
}

/** Slack's answer in words, without anything the request carried (URL, token). */
function slackReason(error: unknown): string {
  const e = error as {
    code?: string;
    statusCode?: number;
    body?: unknown;
    data?: { error?: string };
    message?: string;
  };
  if (e.data?.error) return e.data.error;
  // Slack answers a webhook's 4xx with a word such as `invalid_token` or `channel_is_archived`.
  const word = typeof e.body === 'string' && /^[a-z_]{1,64}$/.test(e.body) ? `: ${e.body}` : '';
  if (e.statusCode !== undefined) return `HTTP ${e.statusCode}${word}`;
  const status = /\b([1-5]\d\d)\b/.exec(e.message ?? '')?.[1];
  if (status) return `HTTP ${status}`;
  if (/cancelled|abort/i.test(e.message ?? '')) return 'delivery cancelled';
  return e.code ?? 'request failed';
}
