import type { z } from 'zod';
import { ValidationError } from './errors.js';
import { safeParseInput } from './input-issues.js';

/**
 * Validates input against a schema and returns the parsed value, or throws a ValidationError
 * naming the first offending field (dotted path from `root`) and how to fix it; every problem
 * is listed in `details.issues` (with its exact `path`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = ''): z.output<S> {
  const result = safeParseInput(schema, value);
  if (result.success) return result.data;
  const issues = result.issues.map((issue) => ({
    field: fieldPath(root, issue.path),
    message: issue.message,
    // The exact path (keys may hold dots), for the JSON Pointer of a problem document.
    path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
  }));
  const first = issues[0] ?? { field: root || '(input)', message: 'invalid input' };
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new ValidationError(first.field, `${first.field}: ${first.message}${more}`, { issues });
}

export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(input)';
}
