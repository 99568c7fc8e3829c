/**
 * Who a rollout tells when its incident moves (`spec.notify`): one entry per channel, told apart
 * by `kind`. `server/notifiers.ts` builds a notifier from each. Every credential is a reference:
 * a field ending in `Env` names an environment variable of the control plane (checked when the
 * rollout is submitted, read at delivery). A Slack or Teams webhook URL is itself a credential
 * (whoever holds it can post), so it is named by `webhookUrlEnv`, never written here.
 *
 * Notifications are configured per rollout, not per control plane: the team that owns a model
 * owns its channel, its pager service and its receiver, and a rollout carries them with it.
 */
import { z } from 'zod';

export const NOTICE_KINDS = ['opened', 'updated', 'escalated', 'resolved', 'alert'] as const;

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'name an environment variable, e.g. SLACK_WEBHOOK_URL');
const kinds = z
  .array(z.enum(NOTICE_KINDS))
  .min(1, `list at least one of ${NOTICE_KINDS.join(', ')}`)
  .optional();
const name = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');
const httpUrl = z.url({ protocol: /^https?$/, message: 'give an absolute http(s) URL' });

export const SlackNotifySchema = z
  .object({
    kind: z.literal('slack'),
    name,
    /** Incoming webhook: a new message per state (webhooks cannot edit what they posted). */
    webhookUrlEnv: envName.optional(),
    /** Bot token (chat:write): one message per incident, edited as it moves, each state a thread reply. */
    tokenEnv: envName.optional(),
    /** Channel id or name for the bot token, e.g. C0123456789 or #ml-oncall. */
    channel: z.string().min(1).optional(),
    /** Slack Web API base URL. @default https://slack.com/api/ */
    apiUrl: httpUrl.optional(),
    kinds,
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.webhookUrlEnv === undefined && spec.tokenEnv === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['webhookUrlEnv'],
        message: 'give webhookUrlEnv (an incoming webhook) or tokenEnv with channel (a bot token)',
      });
    if (spec.webhookUrlEnv !== undefined && spec.tokenEnv !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tokenEnv'],
        message: 'give either webhookUrlEnv or tokenEnv, not both',
      });
    if (spec.tokenEnv !== undefined && spec.channel === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['channel'],
        message: 'a bot token posts to a channel: give its id, e.g. C0123456789',
      });
  });

export const PagerDutyNotifySchema = z
  .object({
    kind: z.literal('pagerduty'),
    name,
    /** The Events API v2 integration (routing) key of the service. */
    routingKeyEnv: envName,
    /** @default https://events.pagerduty.com/v2/enqueue */
    url: httpUrl.default('https://events.pagerduty.com/v2/enqueue'),
    /** The severity of a rollback's page; an alert pages as `warning`. @default critical */
    severity: z.enum(['critical', 'error', 'warning', 'info']).default('critical'),
    /** @default opened, escalated, resolved (alerts page only when listed) */
    kinds,
  })
  .strict();

export const TeamsNotifySchema = z
  .object({
    kind: z.literal('teams'),
    name,
    /** A Teams incoming webhook or a Workflows "post to a channel when a webhook request is received" URL. */
    webhookUrlEnv: envName,
    kinds,
  })
  .strict();

export const StandardWebhookNotifySchema = z
  .object({
    kind: z.literal('standard-webhook'),
    name,
    url: httpUrl,
    /** The receiver's signing secret, `whsec_` followed by base64 (Standard Webhooks). */
    secretEnv: envName,
    kinds,
  })
  .strict();

export const NotifySpecSchema = z.discriminatedUnion('kind', [
  SlackNotifySchema,
  PagerDutyNotifySchema,
  TeamsNotifySchema,
  StandardWebhookNotifySchema,
]);
export type NotifySpec = z.output<typeof NotifySpecSchema>;
export type NotifyKind = NotifySpec['kind'];

/** `spec.notify`: names are unique per kind, so each delivery is journaled apart. */
export const NotifyListSchema = z
  .array(NotifySpecSchema)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((entry, index) => {
      const key = `${entry.kind}:${entry.name}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `${entry.kind} "${entry.name}" is listed twice; give each its own name`,
        });
      seen.add(key);
    });
  });
