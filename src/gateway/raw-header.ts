/**
 * Reads one request header from `rawHeaders` without touching `req.headers`, which Node builds
 * lazily (an object and a lower-cased copy of every name) on first access: the hot path needs
 * only a handful of headers. The first value wins for repeated headers.
 */
export function rawHeader(raw: readonly string[], lower: string): string | undefined {
  const n = lower.length;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === n && (name === lower || name.toLowerCase() === lower)) return raw[i + 1];
  }
  return undefined;
}
