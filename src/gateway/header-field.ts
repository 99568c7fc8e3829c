/**
 * Header names and values the gateway writes or reads (serving.headers, header routes, the
 * region and sticky headers) must be valid HTTP fields: a CR or LF could split a request, and a
 * control character makes the HTTP client throw on every call, failing the release. Checked
 * when routes are compiled (and by writers of routes, through these functions).
 */

/** RFC 9110 token characters, the only ones a field name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, space, tab and obs-text (0x80-0xff); no other control character, no CR/LF. */
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why `name` cannot be a header name, or undefined when it can. */
export function headerNameProblem(name: string): string | undefined {
  if (TOKEN.test(name)) return undefined;
  return `"${JSON.stringify(name).slice(1, -1)}" is not a header name; use letters, digits and - (no spaces, colons or control characters)`;
}

/** Why `value` cannot be a header value, or undefined when it can. */
export function headerValueProblem(value: string): string | undefined {
  if (VALUE.test(value)) return undefined;
  return 'the value holds a control character (CR, LF, NUL, ...) or a character beyond latin-1; remove it';
}
