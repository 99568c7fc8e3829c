/**
 * Thrown when a statistics function gets an input it cannot work with. `field` names the
 * offending argument (e.g. `alpha`, `baseline.n`); the message says what is expected instead.
 * Kept local so `ripcord/stats` stays free of other ripcord modules.
 */
export class StatsInputError extends RangeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'StatsInputError';
  }
}

/** Throws unless 0 < value < 1. */
export function requireOpenUnit(field: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new StatsInputError(field, `must be strictly between 0 and 1, got ${value}`);
  }
}

/** Throws unless value is a finite number ≥ 0. */
export function requireNonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new StatsInputError(field, `must be a finite number ≥ 0, got ${value}`);
  }
}

/** Throws unless value is finite and > 0. */
export function requirePositive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new StatsInputError(field, `must be a finite number > 0, got ${value}`);
  }
}

/** Throws unless every element is a finite number. */
export function requireFiniteArray(field: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new StatsInputError(`${field}[${i}]`, `must be a finite number, got ${values[i]}`);
    }
  }
}
