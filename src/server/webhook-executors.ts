/**
 * The rollout's own webhooks as external executors, run after a rollback's traffic, aliases and
 * flags. Their secrets come from the environment, never the store, and are read at delivery: one
 * missing then fails that action, never goes unsigned.
 */
import type { Executor } from '../actions/executors/executor.js';
import { createWebhookExecutor } from '../actions/executors/webhook/webhook-executor.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import { webhookSecret } from '../controller/webhook-secrets.js';

export function rolloutWebhookExecutors(spec: RolloutSpec): Executor[] {
  return spec.webhooks.map((hook) => {
    const url = hook.url;
    const unsigned = createWebhookExecutor({ name: hook.name, url });
    return {
      name: unsigned.name,
      plan: (context, signal) => unsigned.plan(context, signal),
      // The secret is read at delivery: one missing then fails this action, never goes unsigned.
      apply: (context, signal) =>
        createWebhookExecutor({ name: hook.name, url, secret: webhookSecret(hook) }).apply(context, signal),
    } satisfies Executor;
  });
}
