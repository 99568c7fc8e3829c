import { ValidationError } from '../core/errors.js';

/** An ISO 8601 time or epoch milliseconds, as ISO 8601; a ValidationError naming `field` otherwise. */
export function parseInstant(field: string, value: string): string {
  const asNumber = Number(value);
  const date = Number.isFinite(asNumber) && /^\d+$/.test(value) ? new Date(asNumber) : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ValidationError(field, `${field}: "${value}" is not a time; use ISO 8601 or epoch ms`);
  return date.toISOString();
}
