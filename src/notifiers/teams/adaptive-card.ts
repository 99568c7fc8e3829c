/**
 * A notice as a Microsoft Teams message carrying an Adaptive Card (schema 1.4, the version
 * Teams renders from incoming webhooks and Workflows): the headline, the facts as a FactSet, the
 * reason, and the commands to run next. The card's `id` is the notice id.
 */
import type { IncidentNotice } from '../notifier.js';
import { noticeCommands, noticeFacts, noticeHeadline } from '../notice-words.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface TeamsMessage {
  type: 'message';
  attachments: [
    {
      contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
      contentUrl: null;
      content: AdaptiveCard;
    },
  ];
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  id: string;
  msteams: { width: 'Full' };
  body: CardElement[];
}

type CardElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap: true;
      size?: 'Large' | 'Medium';
      weight?: 'Bolder';
      color?: 'Attention' | 'Good' | 'Warning' | 'Default';
      fontType?: 'Monospace';
      isSubtle?: boolean;
    }
  | { type: 'FactSet'; facts: { title: string; value: string }[] };

const COLOUR = {
  opened: 'Warning',
  updated: 'Default',
  escalated: 'Attention',
  resolved: 'Good',
  alert: 'Warning',
} as const;

export function teamsMessage(notice: IncidentNotice): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          id: notice.id,
          msteams: { width: 'Full' },
          body: [
            {
              type: 'TextBlock',
              text: noticeHeadline(notice),
              wrap: true,
              size: 'Large',
              weight: 'Bolder',
              color: COLOUR[notice.kind],
            },
            { type: 'FactSet', facts: noticeFacts(notice).map(([title, value]) => ({ title, value })) },
            { type: 'TextBlock', text: notice.reason, wrap: true },
            {
              type: 'TextBlock',
              text: noticeCommands(notice).join('\n\n'),
              wrap: true,
              fontType: 'Monospace',
              isSubtle: true,
            },
          ],
        },
      },
    ],
  };
}
