/**
 * The rollout's own webhooks as executors: after a rollback's traffic, aliases and flags, and as
 * the default escalation and alert notifiers. Their secrets come from the environment, never the
 * store, and are read at delivery: one missing then fails that action, never goes unsigned.
 */
import type { Executor } from '../actions/executors/executor.js';
import { createWebhookExecutor } from '../actions/executors/webhook-executor.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import { webhookSecret } from '../controller/webhook-secrets.js';

export function rolloutWebhooks(
  spec: RolloutSpec,
  event: 'rollback' | 'escalation' | 'alert' = 'rollback',
): Executor[] {
  return spec.webhooks.map((hook) => {
    const url = hook.url;
    const unsigned = createWebhookExecutor({ name: hook.name, url, event });
    return {
      name: unsigned.name,
      apply: (context, signal) =>
        createWebhookExecutor({ name: hook.name, url, secret: webhookSecret(hook), event }).apply(
          context,
          signal,
        ),
    } satisfies Executor;
  });
}

export function escalationWebhooks(spec: RolloutSpec): Executor[] {
  return rolloutWebhooks(spec, 'escalation');
}

export function alertWebhooks(spec: RolloutSpec): Executor[] {
  return rolloutWebhooks(spec, 'alert');
}
