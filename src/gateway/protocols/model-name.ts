/**
 * Answers name the model the client asked for: a backend that knows it by another name
 * (`serving.upstreamModel`) says that name in `model_name` (OIP infer), `name` (OIP metadata) or
 * `model_spec.name` (TF Serving metadata), which a client checking the echo would refuse.
 */
import { isRecord } from './protocol.js';

/** Where a protocol's answers carry the model's name, as paths from the top-level object. */
export type ModelNameFields = readonly (readonly string[])[];

/** The body with `upstream` replaced by `asked` at `fields`; undefined when nothing names `upstream`. */
export function renameModel(
  body: Buffer,
  fields: ModelNameFields,
  asked: string,
  upstream: string,
): Buffer | undefined {
  if (asked === upstream || body.length === 0) return undefined;
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Non-standard numbers (NaN) do not parse: the names are replaced in the text instead.
    return renameInText(text, fields, asked, upstream);
  }
  let renamed = false;
  for (const path of fields) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), parsed);
    const key = path.at(-1)!;
    if (isRecord(parent) && parent[key] === upstream) {
      parent[key] = asked;
      renamed = true;
    }
  }
  if (!renamed) return undefined;
  // Replaced in the text, not re-serialised: JSON.stringify would rewrite the tensors' numbers
  // (1.0 → 1, int64 beyond 2^53 rounded). The parse above confirmed the names are where expected.
  return renameInText(text, fields, asked, upstream) ?? Buffer.from(JSON.stringify(parsed));
}

function renameInText(
  text: string,
  fields: ModelNameFields,
  asked: string,
  upstream: string,
): Buffer | undefined {
  let out = text;
  for (const path of fields) {
    const key = JSON.stringify(path.at(-1));
    const pattern = new RegExp(`(${escape(key)}\\s*:\\s*)${escape(JSON.stringify(upstream))}`);
    out = out.replace(pattern, (_, prefix: string) => `${prefix}${JSON.stringify(asked)}`);
  }
  return out === text ? undefined : Buffer.from(out);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
