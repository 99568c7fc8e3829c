/**
 * Applies a set of manifest documents all-or-nothing. Every document is validated first (every
 * problem of every document is reported at once); then all are applied in one transaction, so a
 * document that fails (a conflict, a missing model) or a crash part-way leaves nothing behind.
 */
import { RipcordError, ValidationError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import { fieldPath } from '../core/parse-input.js';
import type { ApplyActor, ApplyOutcome, ManifestKind } from './manifest-kind.js';
import { validateManifest } from './validate-manifest.js';

export interface ApplyIssue {
  /** 0-based index of the document in the request. */
  document: number;
  kind?: string | undefined;
  name?: string | undefined;
  /** Path from the request root, e.g. documents[2].spec.serving.predictionPath. */
  field: string;
  message: string;
}

/** Runs `work` in one transaction (Registry.atomically). */
export type Atomically = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * A document failed while applying: nothing was applied. Names the document (index, kind/name,
 * field) and says what the documents before it would have done. A lone document keeps the
 * cause's own message.
 */
export class ApplyFailedError extends RipcordError {
  readonly code: ErrorCode;
  constructor(cause: RipcordError, failed: ApplyIssue, wouldHaveApplied: ApplyOutcome[], total: number) {
    const resource = failed.kind ? ` (${failed.kind.toLowerCase()}/${failed.name ?? '?'})` : '';
    const before =
      wouldHaveApplied.length > 0
        ? ` (the ${wouldHaveApplied.length} document${wouldHaveApplied.length > 1 ? 's' : ''} before it would have been ${summarize(wouldHaveApplied)})`
        : '';
    super(
      total === 1
        ? cause.message
        : `${failed.field}${resource}: ${stripField(cause.message, cause)}; nothing was applied${before}`,
      {
        ...cause.details,
        ...(cause instanceof ValidationError ? { field: failed.field } : {}),
        failed,
        wouldHaveApplied,
        applied: [],
      },
    );
    this.code = cause.code;
  }
}

export async function applyManifests<S>(options: {
  services: S;
  kinds: readonly ManifestKind<S>[];
  documents: readonly unknown[];
  actor: ApplyActor;
  atomically: Atomically;
}): Promise<ApplyOutcome[]> {
  const { services, kinds, documents, actor } = options;
  const validated = documents.map((doc) => validateManifest(doc, kinds));
  const issues: ApplyIssue[] = validated.flatMap((result, index) =>
    result.ok
      ? []
      : result.issues.map((issue) => ({
          document: index,
          ...identify(documents[index]),
          field: fieldPath(`documents[${index}]`, issue.path),
          message: issue.message,
        })),
  );
  const first = issues[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new ValidationError(first.field, `${first.field}: ${first.message}${more}; nothing was applied`, {
      issues,
    });
  }
  return options.atomically(async () => {
    const outcomes: ApplyOutcome[] = [];
    for (const [index, result] of validated.entries()) {
      if (!result.ok) continue;
      try {
        outcomes.push(await result.kind.apply(services, result.input, actor));
      } catch (error) {
        if (!(error instanceof RipcordError)) throw error;
        const field =
          error instanceof ValidationError
            ? fieldPath(`documents[${index}]`, result.kind.manifestPath([error.field]))
            : `documents[${index}]`;
        throw new ApplyFailedError(
          error,
          { document: index, ...identify(documents[index]), field, message: error.message },
          outcomes,
          documents.length,
        );
      }
    }
    return outcomes;
  });
}

function identify(document: unknown): { kind?: string; name?: string } {
  const doc = document as { kind?: unknown; metadata?: { name?: unknown } } | null | undefined;
  return {
    ...(typeof doc?.kind === 'string' ? { kind: doc.kind } : {}),
    ...(typeof doc?.metadata?.name === 'string' ? { name: doc.metadata.name } : {}),
  };
}

/** A ValidationError's message starts with its own field; the outer message names the full path. */
function stripField(message: string, error: RipcordError): string {
  const field = error instanceof ValidationError ? `${error.field}: ` : '';
  return field && message.startsWith(field) ? message.slice(field.length) : message;
}

function summarize(outcomes: ApplyOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
  return [...counts].map(([result, n]) => `${n} ${result}`).join(', ');
}
