/** A rollout's signed webhook, as written in `spec.executors` (`kind: webhook`) or `spec.webhooks`. */
import { z } from 'zod';

export const WebhookSpecSchema = z
  .object({
    kind: z.literal('webhook').default('webhook'),
    name: z.string().min(1),
    url: z.url({ message: 'give the webhook URL, e.g. https://hooks.example.com/ripcord' }),
    /** Name of the environment variable holding the signing secret (the secret never enters the store). */
    secretEnv: z.string().min(1).optional(),
  })
  .strict();
export type WebhookSpec = z.output<typeof WebhookSpecSchema>;
