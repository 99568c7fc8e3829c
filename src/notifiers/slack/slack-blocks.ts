/**
 * A notice as a Slack Block Kit message: a header (the headline), the facts as section fields,
 * the reason, and the commands to run next. Every state's message of one incident carries the
 * same header `block_id` (`ripcord-incident-<id>`), so a reader, a search or a bot finds the
 * incident's messages together; the last block's id is the notice id (`ripcord-notice-<id>`).
 * Slack's limits are kept: header text 150 characters, section text 3000, field text 2000, ten fields.
 */
import type { KnownBlock } from '@slack/types';
import type { IncidentNotice } from '../notifier.js';
import { noticeCommands, noticeFacts, noticeHeadline } from '../notice-words.js';

export interface SlackMessage {
  /** The notification text (shown where blocks are not: push notifications, screen readers). */
  text: string;
  blocks: KnownBlock[];
}

const clip = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;

/** Slack's mrkdwn control characters, escaped as its formatting reference asks. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function incidentBlockId(incidentId: string): string {
  return clip(`ripcord-incident-${incidentId}`, 255);
}

export function noticeBlockId(noticeId: string): string {
  return clip(`ripcord-notice-${noticeId}`, 255);
}

export function slackMessage(notice: IncidentNotice): SlackMessage {
  const headline = noticeHeadline(notice);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      block_id: incidentBlockId(notice.incidentId),
      text: { type: 'plain_text', text: clip(headline, 150), emoji: true },
    },
    {
      type: 'section',
      fields: noticeFacts(notice)
        .slice(0, 10)
        .map(([label, value]) => ({
          type: 'mrkdwn' as const,
          text: clip(`*${label}*\n${escapeMrkdwn(value)}`, 2000),
        })),
    },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(notice.reason), 3000) } },
    {
      type: 'context',
      block_id: noticeBlockId(notice.id),
      elements: [
        {
          type: 'mrkdwn',
          text: clip(
            noticeCommands(notice)
              .map((c) => `\`${escapeMrkdwn(c)}\``)
              .join('  ·  '),
            3000,
          ),
        },
      ],
    },
  ];
  return { text: clip(`${headline}: ${notice.reason}`, 3000), blocks };
}
