import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from '../core/errors.js';
import type { Registry } from '../registry/registry.js';
import { ROLES } from '../registry/schemas.js';
import type { Role } from '../registry/schemas.js';
import type { TokenInfo } from '../registry/types.js';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** viewer < operator < admin. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

/**
 * Resolves the bearer token to its principal: 401 when absent or unknown, 403 when its role is
 * below the route's. Messages say what to do; the secret itself is never echoed or logged.
 */
export async function authorize(
  registry: Registry,
  header: string | undefined,
  needed: Role,
): Promise<TokenInfo> {
  const secret = bearerSecret(header);
  if (!secret) {
    throw new UnauthorizedError(
      'missing bearer token: send "Authorization: Bearer <token>" (the CLI reads .ripcord/credentials or RIPCORD_TOKEN)',
    );
  }
  const principal = await registry.authenticate(secret);
  if (!principal)
    throw new UnauthorizedError('unknown or revoked token: create one with `ripcord token create`');
  if (!roleAllows(principal.role, needed)) {
    throw new ForbiddenError(
      `token "${principal.name}" has role ${principal.role}; this needs ${needed} or above (roles: ${ROLES.join(' < ')})`,
      { role: principal.role, required: needed },
    );
  }
  return principal;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerSecret(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/** Constant-time comparison for shared secrets (e.g. gateway feed tokens). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
