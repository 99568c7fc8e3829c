/**
 * Secrets a gateway checks requests against (the feedback token or HMAC key, the operator's pin
 * secret): read from an environment variable or from the file another variable names, kept only
 * in memory, compared in constant time and never logged or echoed.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * `env[name]`, or the contents of the file `env[name + '_FILE']` (trailing newline trimmed), or
 * undefined when neither is set. Throws, naming the variable, when both are set or the value is
 * empty or the file cannot be read: a gateway must not start open because a secret went missing.
 */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && file !== undefined)
    throw new Error(`${name} and ${name}_FILE are both set; keep one`);
  let value = direct;
  if (file !== undefined) {
    try {
      value = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new Error(
        `${name}_FILE: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (value === undefined) return undefined;
  if (value.length < 16)
    throw new Error(
      `${name}${file !== undefined ? '_FILE' : ''}: the secret is shorter than 16 characters; use a random one, e.g. \`openssl rand -hex 32\``,
    );
  return value;
}

/** Whether `given` equals `secret`, in time independent of where they differ. */
export function sameSecret(given: string, secret: Buffer): boolean {
  const g = Buffer.from(given, 'utf8');
  return g.length === secret.length && timingSafeEqual(g, secret);
}
