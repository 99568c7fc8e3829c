/**
 * Answers name the model the client asked for: a backend that knows it by another name
 * (`serving.upstreamModel`) says that name in `model_name` (OIP infer), `name` (OIP metadata) or
 * `model_spec.name` (TF Serving metadata), which a client checking the echo would refuse.
 */
import { isRecord } from './protocol.js';

/** Where a protocol's answers carry the model's name, as paths from the top-level object. */
export type ModelNameFields = readonly (readonly string[])[];

/** Marks a body the caller has not parsed. */
export const NOT_PARSED: unique symbol = Symbol('not parsed');

/**
 * The body with `upstream` replaced by `asked` at `fields`; undefined when nothing names `upstream`.
 * `parsed` is the body as the gateway already read it for telemetry (never modified here), so an
 * inference answer is parsed once.
 */
export function renameModel(
  body: Buffer,
  fields: ModelNameFields,
  asked: string,
  upstream: string,
  parsed: unknown = NOT_PARSED,
): Buffer | undefined {
  if (asked === upstream || body.length === 0) return undefined;
  const text = body.toString('utf8');
  let document = parsed;
  if (document === NOT_PARSED)
    try {
      document = JSON.parse(text);
    } catch {
      // Non-standard numbers (NaN) do not parse: the names are replaced in the text instead.
      return renameInText(text, fields, asked, upstream);
    }
  const named = fields.filter((path) => valueAt(document, path) === upstream);
  if (named.length === 0) return undefined;
  // Replaced in the text, not re-serialised: JSON.stringify would rewrite the tensors' numbers
  // (1.0 → 1, int64 beyond 2^53 rounded). The document confirmed the names are where expected;
  // only a name the text spells otherwise (escaped characters) falls back to a re-serialised copy.
  return renameInText(text, named, asked, upstream) ?? reserialised(document, named, asked);
}

function valueAt(document: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), document);
}

function reserialised(document: unknown, fields: ModelNameFields, asked: string): Buffer {
  const copy = structuredClone(document);
  for (const path of fields) {
    const parent = valueAt(copy, path.slice(0, -1));
    if (isRecord(parent)) parent[path.at(-1)!] = asked;
  }
  return Buffer.from(JSON.stringify(copy));
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
