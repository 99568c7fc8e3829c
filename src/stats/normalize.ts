import { StatsInputError } from './stats-input-error.js';

/** Counts or proportions → proportions summing to 1; throws on negatives or an empty total. */
export function normalize(field: string, values: readonly number[]): number[] {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(Number.isFinite(v) && v >= 0))
      throw new StatsInputError(`${field}[${i}]`, `must be a finite number ≥ 0, got ${v}`);
    total += v;
  }
  if (!(total > 0)) throw new StatsInputError(field, 'needs a positive total (all bins are empty)');
  return values.map((v) => v / total);
}

export function requireSameLength(a: ArrayLike<number>, b: ArrayLike<number>, names: [string, string]): void {
  if (a.length !== b.length) {
    throw new StatsInputError(
      names[1],
      `must have as many bins as ${names[0]} (${a.length}), got ${b.length}`,
    );
  }
  if (a.length === 0) throw new StatsInputError(names[0], 'needs at least one bin');
}
