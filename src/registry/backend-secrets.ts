/**
 * Credentials a release sends to its backends (`serving.headers`) are written by reference, never
 * by value: `valueFrom: { env: NAME }` or `valueFrom: { file: PATH }`, resolved by the gateway
 * process when it compiles its routing table. The registry, the audit trail, API reads and the
 * gateway's state file only ever hold the reference.
 *
 * A literal value for a header whose name says it carries a credential (authorization, x-api-key,
 * anything with token, secret, password, api-key, auth, session or cookie in its name) is refused, so a secret
 * cannot slip into the store by habit. Other headers may keep literal values, which are not secret.
 */
import { z } from 'zod';

export const SecretRefSchema = z
  .object({
    valueFrom: z.union([
      z
        .object({
          env: z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as MODEL_API_KEY'),
        })
        .strict(),
      z.object({ file: z.string().min(1, 'a file path such as /run/secrets/model-api-key') }).strict(),
    ]),
  })
  .strict();
export type SecretRef = z.infer<typeof SecretRefSchema>;

export type HeaderValue = string | SecretRef;

const CREDENTIAL_NAME =
  /(^|-)(authorization|auth|token|secret|password|passwd|api-?key|apikey|access-key|private-key|cookie|credentials?|session|signature)(-|$)/i;

/** True when a header of this name carries a credential and must be given by reference. */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** Header values: a literal, or a secret reference; literal credentials are refused with the fix. */
export const BackendHeadersSchema = z
  .record(z.string(), z.union([z.string(), SecretRefSchema]))
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' && isCredentialHeader(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message:
            `"${name}" carries a credential: give it by reference, e.g. ${name}: { valueFrom: { env: MODEL_API_KEY } } ` +
            'or { valueFrom: { file: /run/secrets/model-api-key } }; the gateway reads it, nothing stores it',
        });
      }
    }
  });
