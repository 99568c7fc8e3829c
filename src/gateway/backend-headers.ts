/**
 * Resolves a release's `serving.headers` in the gateway process: literal values as written,
 * secret references (`valueFrom: { env }` / `{ file }`) from this process's environment or a file
 * it can read. The resolved values live only in the compiled routing table in memory.
 */
import { readFileSync } from 'node:fs';
import { ValidationError } from '../core/errors.js';
import type { HeaderValue } from '../registry/backend-secrets.js';

export interface SecretSource {
  env(name: string): string | undefined;
  file(path: string): string;
}

export const processSecrets: SecretSource = {
  env: (name) => process.env[name],
  file: (path) => readFileSync(path, 'utf8'),
};

/** Flat `[name, value, name, value, ...]` for the backend request; `field` prefixes error paths. */
export function resolveBackendHeaders(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
  field: string,
  source: SecretSource = processSecrets,
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    out.push(
      name,
      typeof value === 'string' ? value : resolve(name, value, `${field}.serving.headers.${name}`, source),
    );
  }
  return out;
}

function resolve(
  name: string,
  ref: Exclude<HeaderValue, string>,
  field: string,
  source: SecretSource,
): string {
  const from = ref.valueFrom;
  if ('env' in from) {
    const value = source.env(from.env);
    if (value === undefined || value === '') {
      throw new ValidationError(
        field,
        `${field}: environment variable ${from.env} is not set in the gateway process; set it where the gateway runs`,
      );
    }
    return value;
  }
  let text: string;
  try {
    text = source.file(from.file);
  } catch (error) {
    throw new ValidationError(
      field,
      `${field}: cannot read ${from.file} for header ${name} in the gateway process (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  // Secret files usually end with a newline that is not part of the value.
  return text.replace(/\r?\n$/, '');
}
