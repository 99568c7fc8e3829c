/**
 * Request ids: a random per-process prefix plus a counter. Unique across gateways (the prefix
 * carries 64 random bits) and cheaper than a UUID per request. The counter alone names a request
 * inside this process, so the request log can key its own ids by number (see RequestLog).
 */
import { randomBytes } from 'node:crypto';

const PREFIX = `${randomBytes(8).toString('hex')}-`;
let counter = 0;

/** The next request number of this process (1, 2, …). */
export function nextRequestSeq(): number {
  counter = counter >= Number.MAX_SAFE_INTEGER ? 1 : counter + 1;
  return counter;
}

export function requestIdOf(seq: number): string {
  return PREFIX + seq.toString(36);
}

export function nextRequestId(): string {
  return requestIdOf(nextRequestSeq());
}

/** The request number of an id this process issued, or undefined for any other id. */
export function requestSeqOf(id: string): number | undefined {
  if (id.length <= PREFIX.length || !id.startsWith(PREFIX)) return undefined;
  const digits = id.slice(PREFIX.length);
  const seq = parseInt(digits, 36);
  // Only the exact spelling this process writes (parseInt also takes upper case and trailing junk).
  return Number.isSafeInteger(seq) && seq > 0 && seq.toString(36) === digits ? seq : undefined;
}
