/**
 * Validation issues as users should read them. Schemas are strict (`.strict()`): a field nobody
 * reads is refused, because a misspelt `predictonPath` that silently became a default would be
 * frozen into an immutable release. Each unknown field becomes its own issue at its own path
 * (`spec.serving.predictonPath`), with a "did you mean" when a known field is a near miss.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

export interface InputIssue {
  path: PropertyKey[];
  message: string;
  /** Set when the field itself should not be there (its name, not its value, is the problem). */
  unknownField?: true;
}

export type ParsedInput<T> = { success: true; data: T } | { success: false; issues: InputIssue[] };

/** What the error map learnt about unknown keys, keyed by where they were found. */
type UnknownKeys = Map<string, { keys: string[]; known: string[] }>;

/** `schema.safeParse` with unknown fields reported one by one, each with a suggestion. */
export function safeParseInput<S extends z.ZodType>(schema: S, value: unknown): ParsedInput<z.output<S>> {
  const unknown: UnknownKeys = new Map();
  const result = schema.safeParse(value, { error: (issue) => recordUnknownKeys(issue, unknown) });
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.flatMap((issue): InputIssue[] => {
      const path = [...issue.path];
      if (issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_union') {
        return [{ path, message: issue.message }];
      }
      const found = unknown.get(JSON.stringify(path.map(String)));
      if (!found) return [{ path, message: issue.message }];
      return found.keys.map((key) => ({
        path: [...path, key],
        message: unknownFieldMessage(key, found.known),
        unknownField: true as const,
      }));
    }),
  };
}

/** `unknown field "predictonPath": did you mean "predictionPath"?` or the list of known fields. */
export function unknownFieldMessage(key: string, known: readonly string[]): string {
  const suggestion = nearMiss(key, known);
  if (suggestion) return `unknown field "${key}": did you mean "${suggestion}"?`;
  return known.length > 0
    ? `unknown field "${key}"; known fields here: ${known.join(', ')}`
    : `unknown field "${key}"; nothing goes here`;
}

/** The closest known name when it is plausibly a typo (case slips count as one edit). */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = key.toLowerCase();
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const candidate = closest(lower, [...byLower.keys()]);
  const edits = distance(lower, candidate);
  // A swapped pair of letters costs two edits; short names allow one.
  const allowed = candidate.length < 4 ? 1 : Math.min(3, Math.max(2, Math.floor(candidate.length / 4)));
  if (edits > allowed && !(candidate.includes(lower) && lower.length >= 4)) return undefined;
  return byLower.get(candidate);
}

interface RawIssue {
  code?: string;
  path?: PropertyKey[] | undefined;
  keys?: string[];
  input?: unknown;
  inst?: { _zod?: { def?: { shape?: Record<string, unknown>; options?: unknown[] } } };
}

/**
 * Called by zod for each issue before it is finalised, while it still knows the schema that
 * raised it: remembers the known keys of a strict object (or of every object option of a union),
 * and leaves the message to the default (undefined).
 */
function recordUnknownKeys(raw: unknown, unknown: UnknownKeys): undefined {
  const issue = raw as RawIssue;
  const where = JSON.stringify((issue.path ?? []).map(String));
  const def = issue.inst?._zod?.def;
  if (issue.code === 'unrecognized_keys' && def?.shape && issue.keys) {
    unknown.set(where, { keys: issue.keys, known: Object.keys(def.shape) });
  } else if (issue.code === 'invalid_union' && def?.options && isPlainObject(issue.input)) {
    // A union of objects (e.g. canary steps): when no option knows a key, name that key.
    const shapes = def.options.map(
      (option) => (option as RawIssue['inst'])?._zod?.def?.shape as Record<string, unknown> | undefined,
    );
    if (shapes.every((shape) => shape !== undefined)) {
      const known = [...new Set(shapes.flatMap((shape) => Object.keys(shape ?? {})))];
      const keys = Object.keys(issue.input).filter((key) => !known.includes(key));
      if (keys.length > 0) unknown.set(where, { keys, known });
    }
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
