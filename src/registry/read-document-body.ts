import { fieldPath } from '../core/parse-input.js';
import { DocumentFormatError } from './document-store.js';
import type { DocumentKindOptions } from './document-store.js';

/**
 * A stored body as its kind's current format: parsed from JSON, upgraded from an older format
 * version, then checked against the kind's schema. Anything else is an DocumentFormatError
 * naming the kind, the id and the field.
 */
export function readDocumentBody<T>(
  kind: string,
  id: string,
  text: string,
  storedVersion: number,
  options: DocumentKindOptions<T>,
): T {
  const label = options.label ?? kind;
  const version = options.version ?? 1;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DocumentFormatError(label, id, '(body)', `not JSON (${(error as Error).message})`);
  }
  if (storedVersion > version) {
    throw new DocumentFormatError(
      label,
      id,
      'version',
      `written in format ${storedVersion}, newer than the ${version} this process reads; run the newer ripcord`,
    );
  }
  if (storedVersion < version) {
    if (!options.upgrade) {
      throw new DocumentFormatError(
        label,
        id,
        'version',
        `written in format ${storedVersion}, older than ${version}, and no upgrade from it is defined`,
      );
    }
    body = options.upgrade(body, storedVersion);
  }
  if (!options.schema) return body as T;
  const parsed = options.schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DocumentFormatError(
    label,
    id,
    fieldPath('', issue?.path ?? []),
    issue?.message ?? 'does not match its schema',
  );
}
