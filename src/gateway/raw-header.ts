/**
 * Reads one request header from `rawHeaders` without touching `req.headers`, which Node builds
 * lazily (an object and a lower-cased copy of every name) on first access: the hot path needs
 * only a handful of headers. The first value wins for repeated headers.
 */
export function rawHeader(raw: readonly string[], lower: string): string | undefined {
  const n = lower.length;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === n && (name === lower || equalsLower(name, lower))) return raw[i + 1];
  }
  return undefined;
}

/**
 * Whether `name` equals `lower` (a lower-case header name) in any letter case, without building a
 * lower-cased copy.
 */
export function equalsLower(name: string, lower: string): boolean {
  return name.length === lower.length && startsWithLower(name, lower);
}

/**
 * Whether `name` starts with `prefix` (lower case) in any letter case, without a lower-cased copy.
 * Header names are tokens (ASCII letters, digits, `-` and a few symbols), where setting bit 0x20
 * lower-cases a letter; a non-letter must match exactly.
 */
export function startsWithLower(name: string, prefix: string): boolean {
  if (name.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const a = name.charCodeAt(i);
    const b = prefix.charCodeAt(i);
    if (a !== b && (a < 0x41 || a > 0x5a || (a | 0x20) !== b)) return false;
  }
  return true;
}
