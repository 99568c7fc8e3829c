/**
 * zod → JSON Schema for the OpenAPI document. Named schemas (`.meta({ id })`) become shared
 * components referenced by `$ref`; formats outside the JSON Schema and OpenAPI registries (zod's
 * `starts_with`, `ends_with`, `includes`, ...) are dropped, since their `pattern` already says it.
 */
import { z } from 'zod';
import { JSON_SCHEMA_FORMATS, withStandardFormats } from '../core/standard-formats.js';

/** Formats JSON Schema 2020-12 §7.3 and the OpenAPI Format Registry define. */
const OPENAPI_FORMATS = [
  ...JSON_SCHEMA_FORMATS,
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'password',
];

export type SchemaIo = 'input' | 'output';

/** One zod schema as plain JSON Schema (no `$schema`, standard formats only, `$defs` kept inline). */
export function jsonSchemaOf(schema: z.ZodType, io: SchemaIo): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  return standardFormats(json) as Record<string, unknown>;
}

/** Collects named schemas into `components.schemas` as operations are added. */
export class SchemaCollector {
  readonly #components: Record<string, unknown> = {};

  /** The schema for an operation, its named parts moved to components and referenced. */
  add(schema: z.ZodType, io: SchemaIo): Record<string, unknown> {
    const { $defs, ...rest } = jsonSchemaOf(schema, io) as { $defs?: Record<string, unknown> };
    // A schema named for responses may also appear in a request (input differs by defaults).
    const name = (id: string) => (io === 'input' ? `${id}Input` : id);
    for (const [id, definition] of Object.entries($defs ?? {})) {
      this.#components[name(id)] = relink(definition, name);
    }
    return relink(rest, name) as Record<string, unknown>;
  }

  components(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.#components).sort(([a], [b]) => a.localeCompare(b)));
  }
}

function relink(value: unknown, name: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => relink(item, name));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
        ? `#/components/schemas/${name(inner.slice('#/$defs/'.length))}`
        : relink(inner, name),
    ]),
  );
}

function standardFormats(value: unknown): unknown {
  return withStandardFormats(value, OPENAPI_FORMATS);
}
