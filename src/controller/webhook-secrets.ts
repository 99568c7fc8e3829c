/**
 * A webhook or executor that names an environment variable (`secretEnv`, `tokenEnv`, any field
 * ending in `Env`) needs it set on the control plane. A rollout whose variable is missing is
 * refused when it is submitted, and a step whose variable went missing since then fails (saying
 * which variable) rather than going out unsigned or unauthenticated.
 */
import { ValidationError } from '../core/errors.js';
import type { RolloutSpec } from './rollout-spec.js';

type Env = Record<string, string | undefined>;

export function requireWebhookSecrets(
  spec: Pick<RolloutSpec, 'webhooks'> & Partial<Pick<RolloutSpec, 'executors' | 'notify'>>,
  env: Env = process.env,
): void {
  const lists = [
    ['webhooks', spec.webhooks],
    ['executors', spec.executors ?? []],
    ['notify', spec.notify ?? []],
  ] as const;
  for (const [list, entries] of lists)
    for (const [index, entry] of entries.entries())
      for (const [field, variable] of Object.entries(entry)) {
        if (!field.endsWith('Env') || typeof variable !== 'string' || env[variable]) continue;
        const path = `${list}[${index}].${field}`;
        throw new ValidationError(
          path,
          `${path}: environment variable ${variable} is not set on the control plane, so ` +
            `${'kind' in entry ? entry.kind : 'webhook'} "${entry.name}" could not authenticate or sign; ` +
            `set it where \`ripcord up\` runs${field === 'secretEnv' ? ', or drop secretEnv to send unsigned deliveries on purpose' : ''}`,
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

/** A credential named by reference; throws (naming the variable, never a value) when it is unset. */
export function credentialFromEnv(owner: string, variable: string, env: Env = process.env): string {
  const value = env[variable];
  if (!value) throw new Error(`${owner}: environment variable ${variable} is not set on the control plane`);
  return value;
}
