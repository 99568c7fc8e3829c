/**
 * A small JSON-path subset for reading predictions out of model responses:
 * `$`, `.name`, `['name']` / `["name"]`, `[N]` and `[*]` (also `.*`). Compiled once per model;
 * evaluation collects the scalar leaves (strings, numbers, booleans), flattening arrays, so
 * `$.predictions[*].items` over two instances yields every item of both.
 */
import { ValidationError } from '../core/errors.js';

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

export type JsonPath = (value: unknown) => (string | number)[];

const TOKEN = /^(?:\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

export function compileJsonPath(path: string, field = 'predictionPath'): JsonPath {
  if (!path.startsWith('$'))
    throw new ValidationError(field, `${field}: "${path}" must start with "$", e.g. "$.predictions[*]"`);
  const steps: Step[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = TOKEN.exec(rest);
    if (!m)
      throw new ValidationError(
        field,
        `${field}: cannot read "${rest}" in "${path}"; use .name, [N], [*] or ['name'] steps`,
      );
    if (m[1] !== undefined) steps.push({ kind: 'key', key: m[1] });
    else if (m[2] !== undefined) steps.push({ kind: 'index', index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) steps.push({ kind: 'key', key: (m[3] ?? m[4])! });
    else steps.push({ kind: 'all' });
    rest = rest.slice(m[0].length);
  }
  return (value) => {
    const out: (string | number)[] = [];
    walk(value, steps, 0, out);
    return out;
  };
}

function walk(value: unknown, steps: readonly Step[], i: number, out: (string | number)[]): void {
  if (value === null || value === undefined) return;
  const step = steps[i];
  if (!step) return collect(value, out);
  if (step.kind === 'key') {
    if (typeof value === 'object' && !Array.isArray(value))
      walk((value as Record<string, unknown>)[step.key], steps, i + 1, out);
  } else if (step.kind === 'index') {
    if (Array.isArray(value)) walk(value[step.index], steps, i + 1, out);
  } else if (Array.isArray(value)) {
    for (const item of value) walk(item, steps, i + 1, out);
  } else if (typeof value === 'object') {
    for (const item of Object.values(value)) walk(item, steps, i + 1, out);
  }
}

function collect(value: unknown, out: (string | number)[]): void {
  if (typeof value === 'string' || typeof value === 'number') out.push(value);
  else if (typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collect(item, out);
}
