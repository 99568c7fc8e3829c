import { createHash, randomBytes } from 'node:crypto';

/** API token secrets: 256 random bits, shown once; only their SHA-256 is stored. */
export function newTokenSecret(): string {
  return `rc_${randomBytes(32).toString('base64url')}`;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
