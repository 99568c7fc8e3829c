/**
 * Which headers cross the gateway: client headers forwarded to a backend (all but hop-by-hop,
 * recomputed and the gateway's own, or a release's allow-list), and upstream headers copied back.
 * Compared without decoding or lower-casing on the hot path.
 */
import { equalsLower, startsWithLower } from './raw-header.js';

/** Request headers never forwarded: hop-by-hop, recomputed, or the gateway's own. */
const DROP_REQUEST = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'x-request-id',
]);
/** Response headers not copied back: hop-by-hop, or set by the gateway (Node writes a current Date). */
const DROP_RESPONSE = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-ripcord-release',
  'x-request-id',
]);
/** Name lengths in DROP_RESPONSE: most upstream headers are kept by their length alone. */
const DROP_LENGTHS = new Uint8Array(32);
for (const name of DROP_RESPONSE) DROP_LENGTHS[name.length] = 1;
/** DROP_RESPONSE as bytes, for comparing raw upstream header names without decoding them. */
const DROP_RESPONSE_BYTES = [...DROP_RESPONSE].map((name) => Buffer.from(name, 'latin1'));

/** Whether a raw upstream header name is in DROP_RESPONSE, in any letter case. */
export function droppedResponseHeader(name: Buffer): boolean {
  if (name.length >= 32 || DROP_LENGTHS[name.length] !== 1) return false;
  for (const lower of DROP_RESPONSE_BYTES) {
    if (lower.length !== name.length) continue;
    let i = 0;
    // Setting bit 0x20 lower-cases an ASCII letter; the dropped names hold only letters and '-'.
    while (i < lower.length && (name[i]! | 0x20) === lower[i]) i++;
    if (i === lower.length) return true;
  }
  return false;
}

const X_RIPCORD = 'x-ripcord-';

/** DROP_REQUEST by name length, for checking a client header name without lower-casing it. */
const DROP_REQUEST_BY_LENGTH: string[][] = [];
for (const name of DROP_REQUEST) (DROP_REQUEST_BY_LENGTH[name.length] ??= []).push(name);

function droppedRequestHeader(name: string): boolean {
  const candidates = DROP_REQUEST_BY_LENGTH[name.length];
  if (candidates) for (const lower of candidates) if (equalsLower(name, lower)) return true;
  return false;
}

/** Client headers to forward for this release: all but dropped ones, or the release's allow-list. */
export function forwardHeaders(
  rawHeaders: readonly string[],
  pass: ReadonlySet<string> | undefined,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (droppedRequestHeader(name) || startsWithLower(name, X_RIPCORD)) continue;
    // Only an allow-list needs a lower-cased copy of the name.
    if (pass && !equalsLower(name, 'content-type') && !pass.has(name.toLowerCase())) continue;
    out.push(name, rawHeaders[i + 1]!);
  }
  return out;
}
