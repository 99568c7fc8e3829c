/**
 * PagerDuty's Events API v2 event, as its reference states it (developer.pagerduty.com, "Send an
 * Alert Event" / "Send a Change Event" OpenAPI): `routing_key` the 32-character integration key,
 * `event_action` trigger | acknowledge | resolve, `dedup_key` at most 255 characters (required
 * to acknowledge or resolve), and for a trigger a `payload` with `summary` (at most 1024),
 * `source`, `severity` (critical | error | warning | info) and an optional ISO 8601 `timestamp`.
 */
import { z } from 'zod';

const Payload = z
  .object({
    summary: z.string().min(1).max(1024),
    source: z.string().min(1),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional(),
    custom_details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const PagerDutyEventSchema = z
  .object({
    routing_key: z.string().length(32),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255).optional(),
    client: z.string().optional(),
    client_url: z.string().optional(),
    payload: Payload.optional(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
    images: z.array(z.object({ src: z.string() }).passthrough()).optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.event_action === 'trigger' && !event.payload)
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'a trigger event needs a payload' });
    if (event.event_action !== 'trigger' && !event.dedup_key)
      ctx.addIssue({
        code: 'custom',
        path: ['dedup_key'],
        message: `${event.event_action} needs the dedup_key`,
      });
  });
export type PagerDutyEventBody = z.infer<typeof PagerDutyEventSchema>;
