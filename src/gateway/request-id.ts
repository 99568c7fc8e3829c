/**
 * Request ids: a random per-process prefix plus a counter. Unique across gateways (the prefix
 * carries 64 random bits) and cheaper than a UUID per request.
 */
import { randomBytes } from 'node:crypto';

const prefix = randomBytes(8).toString('hex');
let counter = 0;

export function nextRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${counter.toString(36)}`;
}
