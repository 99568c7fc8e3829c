/**
 * JSON Pointers (RFC 6901) as URI fragments, the form RFC 9457's example uses for the member of
 * the request that a validation error is about: `serving.backends[0].url` → `#/serving/backends/0/url`.
 */

/** A path of keys and indices → `#/a/0/b`, escaping `~` and `/` in keys. */
export function pointerFromPath(path: readonly PropertyKey[]): string {
  return `#${path.map((part) => `/${escape(String(part))}`).join('')}`;
}

/**
 * A dotted field as the domain writes it (`a.b[0].c`, `(input)` for the whole input) → pointer.
 * Keys holding dots cannot be told apart from nesting here; errors raised by request validation
 * carry their exact path instead.
 */
export function pointerFromField(field: string): string {
  if (field === '' || field === '(input)') return '#';
  const path: (string | number)[] = [];
  for (const segment of field.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(segment);
    if (!match) {
      path.push(segment);
      continue;
    }
    if (match[1]) path.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return pointerFromPath(path);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
