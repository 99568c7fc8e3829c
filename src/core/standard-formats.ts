/** JSON Schema `format` values defined by draft 2020-12; zod also emits its own (`starts_with`). */
const STANDARD_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uuid',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
]);

/** Drops non-standard `format` keywords (the pattern zod emits beside them still checks the value). */
export function withStandardFormats<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((item: unknown) => withStandardFormats(item)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' && typeof value === 'string' && !STANDARD_FORMATS.has(value)) continue;
    out[key] = withStandardFormats(value);
  }
  return out as T;
}
