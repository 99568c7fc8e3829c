/**
 * The webhooks a rollout names, as its notifiers. They already receive the rollback itself as a
 * step of the plan (`ripcord.rollback`), so as notifiers they are told what the plan cannot say:
 * an escalation and an alert. Secrets come from the environment at delivery, never the store.
 */
import type { RolloutSpec } from '../../controller/rollout-spec.js';
import { webhookSecret } from '../../controller/webhook-secrets.js';
import type { Notifier } from '../notifier.js';
import { webhookNotifier } from './webhook-notifier.js';

export function rolloutWebhookNotifiers(spec: Pick<RolloutSpec, 'webhooks'>): Notifier[] {
  return spec.webhooks.map((hook) =>
    webhookNotifier({
      name: hook.name,
      url: hook.url,
      secret: () => webhookSecret(hook),
      kinds: ['escalated', 'alert'],
    }),
  );
}
