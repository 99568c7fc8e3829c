/** JSON Schema `format` values defined by draft 2020-12 §7.3; zod also emits its own (`starts_with`). */
export const JSON_SCHEMA_FORMATS: readonly string[] = [
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
];

/**
 * Drops `format` keywords outside `standard` (the pattern zod emits beside them still checks the
 * value). Inside `properties` the keys are field names, so a field called `format` is kept.
 */
export function withStandardFormats<T>(schema: T, standard: readonly string[] = JSON_SCHEMA_FORMATS): T {
  const known = new Set(standard);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'format' && typeof inner === 'string' && !known.has(inner)) continue;
      out[key] = strip(inner);
    }
    return out;
  };
  return strip(schema) as T;
}
