import { ValidationError } from '../core/errors.js';
import { ROLES } from './schemas.js';
import type { Role } from './schemas.js';

/** A token needs a name and one of the roles. */
export function checkTokenRequest(name: string, role: Role): void {
  if (!name.trim()) throw new ValidationError('name', 'name: give the token a name, e.g. ci-deployer');
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new ValidationError('role', `role: "${role}" is not a role; use one of ${ROLES.join(', ')}`);
  }
}
