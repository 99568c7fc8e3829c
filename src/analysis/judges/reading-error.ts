import type { Evaluation } from './types.js';

/**
 * The first reading among `counts` that cannot be a count (NaN, infinite, negative, or a fraction),
 * named as `label.key = value`; undefined when every one is a whole number ≥ 0.
 */
export function badCount(label: string, counts: Iterable<readonly [string, number]>): string | undefined {
  for (const [key, value] of counts)
    if (!(Number.isInteger(value) && value >= 0)) return `${label}${key ? `.${key}` : ''} = ${value}`;
  return undefined;
}

/**
 * A reading that telemetry cannot have produced: never judged (neither a pass nor a breach), and
 * said as a telemetry error so the gap is visible.
 */
export function telemetryError(metric: string, problem: string): Evaluation {
  const message = `insufficient data for ${metric}: telemetry error, ${problem}`;
  return { status: 'insufficient-data', message, telemetryError: message };
}
