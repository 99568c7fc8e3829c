/**
 * A webhook that names `secretEnv` is meant to be signed: its secret must be in the control
 * plane's environment. A rollout whose secret is missing is refused when it is submitted, and a
 * delivery whose secret went missing since then fails (saying which variable) rather than going
 * out unsigned.
 */
import { ValidationError } from '../core/errors.js';
import type { RolloutSpec } from './rollout-spec.js';

type Env = Record<string, string | undefined>;

export function requireWebhookSecrets(spec: Pick<RolloutSpec, 'webhooks'>, env: Env = process.env): void {
  for (const [index, hook] of spec.webhooks.entries()) {
    if (!hook.secretEnv || env[hook.secretEnv]) continue;
    throw new ValidationError(
      `webhooks[${index}].secretEnv`,
      `webhooks[${index}].secretEnv: environment variable ${hook.secretEnv} is not set on the control plane, ` +
        `so webhook "${hook.name}" could not be signed; set it where \`ripcord up\` runs, or drop secretEnv ` +
        'to send unsigned deliveries on purpose',
    );
  }
}

/** The signing secret of a webhook; throws (naming the variable, never a value) when it is unset. */
export function webhookSecret(
  hook: { name: string; secretEnv?: string | undefined },
  env: Env = process.env,
) {
  if (!hook.secretEnv) return undefined;
  const secret = env[hook.secretEnv];
  if (!secret)
    throw new Error(
      `webhook ${hook.name}: environment variable ${hook.secretEnv} is not set on the control plane; ` +
        'not sending an unsigned delivery',
    );
  return secret;
}
