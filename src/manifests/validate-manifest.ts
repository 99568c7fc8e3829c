import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { safeParseInput } from '../core/input-issues.js';
import { fieldPath } from '../core/parse-input.js';
import { API_VERSION } from './manifest-kind.js';
import type { ManifestDocument, ManifestKind } from './manifest-kind.js';

const MetadataSchema = z
  .object({
    name: z.unknown().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const EnvelopeSchema = z
  .object({
    apiVersion: z.literal(API_VERSION, { message: `use apiVersion: ${API_VERSION}` }),
    kind: z.string({ message: 'give the kind, e.g. kind: Release' }),
    metadata: MetadataSchema.default({}),
    spec: z.record(z.string(), z.unknown(), { message: 'give a spec: mapping' }),
  })
  .strict();

export interface ManifestIssue {
  /** Path inside the document, e.g. ['spec', 'serving', 'backends', 0, 'url']. */
  path: PropertyKey[];
  message: string;
  /** The field should not be there at all (located at its name rather than its value). */
  unknownField?: true;
}

export type ValidatedManifest<S> =
  | { ok: true; kind: ManifestKind<S>; document: ManifestDocument; input: unknown }
  | { ok: false; issues: ManifestIssue[] };

/** Validates one manifest document against its kind; issues carry paths inside the document. */
export function validateManifest<S>(raw: unknown, kinds: readonly ManifestKind<S>[]): ValidatedManifest<S> {
  const envelope = safeParseInput(EnvelopeSchema, raw);
  if (!envelope.success) return { ok: false, issues: envelope.issues };
  const document = envelope.data;
  const kind = kinds.find((k) => k.kind === document.kind);
  if (!kind) {
    return {
      ok: false,
      issues: [
        {
          path: ['kind'],
          message: `unknown kind "${document.kind}"; use one of ${kinds.map((k) => k.kind).join(', ')}`,
        },
      ],
    };
  }
  if (kind.nameField !== undefined && kind.nameField in document.spec) {
    return {
      ok: false,
      issues: [
        {
          path: ['spec', kind.nameField],
          message: `unknown field "${kind.nameField}": a ${kind.kind} takes its ${kind.nameField} from metadata.name`,
          unknownField: true,
        },
      ],
    };
  }
  const parsed = safeParseInput(kind.schema, kind.toInput(document));
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.issues.map((i) => ({ ...i, path: kind.manifestPath(i.path) })),
    };
  }
  return { ok: true, kind, document, input: parsed.data };
}

/** For the API: throws a ValidationError naming `documents[i].spec...` for the first issue. */
export function validateManifestOrThrow<S>(raw: unknown, index: number, kinds: readonly ManifestKind<S>[]) {
  const result = validateManifest(raw, kinds);
  if (result.ok) return result;
  const issues = result.issues.map((i) => ({
    field: fieldPath(`documents[${index}]`, i.path),
    message: i.message,
  }));
  const first = issues[0];
  throw new ValidationError(first?.field ?? `documents[${index}]`, `${first?.field}: ${first?.message}`, {
    issues,
  });
}
