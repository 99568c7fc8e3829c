/**
 * A measurement another controller checks, as a ripcord trigger: an HTTP success or error rate,
 * or a latency quantile, with its limit. What it reads is the release's telemetry through
 * ripcord's own MetricProvider, not the original query: only the kind of measurement, the limit
 * and the span are carried over. Anything else is refused with the reason, never guessed.
 */

export type Measurement =
  | { kind: 'success-rate' | 'error-rate'; over?: string | undefined }
  | { kind: 'latency'; quantile: number; unit: 'ms' | 's'; over?: string | undefined };

/** Reads what a PromQL query measures, or why it cannot be read. */
export function measurementOfQuery(query: string): Measurement | string {
  const over = /\[(\d+[smh])\]/.exec(query)?.[1];
  const quantile = /histogram_quantile\(\s*([\d.]+)\s*,/.exec(query);
  if (quantile) {
    const unit = /_milliseconds|_ms\b/.test(query) ? 'ms' : /_seconds/.test(query) ? 's' : undefined;
    if (!unit) return 'a latency quantile whose unit (a _seconds or _milliseconds metric) cannot be read';
    return { kind: 'latency', quantile: Number(quantile[1]), unit, over };
  }
  const fiveXX = /(response_code|code|status|status_code)\s*(!~|=~)\s*"5[^"]*"/.exec(query);
  if (!fiveXX || !query.includes('/'))
    return 'only success rates, error rates (a ratio over 5xx responses) and histogram_quantile latencies are converted';
  return { kind: fiveXX[2] === '!~' ? 'success-rate' : 'error-rate', over };
}

/** `result >= 0.95`, `result[0] < 500`, `asFloat(result) >= 0.95`: the comparison, or undefined. */
export function parseCondition(text: string): { op: '<' | '<=' | '>' | '>='; value: number } | undefined {
  const match = /^\s*(?:asFloat\()?result(?:\[0\])?\)?\s*(<=|>=|<|>)\s*(-?[\d.]+)\s*$/.exec(text);
  if (!match) return undefined;
  return { op: match[1] as '<' | '<=' | '>' | '>=', value: Number(match[2]) };
}

const round = (n: number): number => Number(n.toFixed(4));

/**
 * The trigger breaching when `measurement` goes past `limit` on its bad side. `limit` is a fraction
 * for rates (a value above 1 is read as percent) and the query's unit for latency.
 */
export function triggerFor(
  measurement: Measurement,
  bad: { above: boolean; limit: number; inclusive: boolean },
  severity: 'hard' | 'soft' = 'hard',
): string | { problem: string } {
  const over = measurement.over ? ` over ${measurement.over}` : '';
  const op = bad.inclusive ? '>=' : '>';
  if (measurement.kind === 'latency') {
    if (!bad.above) return { problem: 'a latency limit that fails when latency is low' };
    const ms = measurement.unit === 's' ? bad.limit * 1000 : bad.limit;
    const p = round(measurement.quantile * 100);
    return `${severity}: p${p} latency ${op} ${round(ms)}ms${over}`;
  }
  const fraction = bad.limit > 1 ? bad.limit / 100 : bad.limit;
  if (measurement.kind === 'success-rate') {
    if (bad.above) return { problem: 'a success-rate limit that fails when the success rate is high' };
    return `${severity}: error rate ${op} ${round((1 - fraction) * 100)}%${over}`;
  }
  if (!bad.above) return { problem: 'an error-rate limit that fails when the error rate is low' };
  return `${severity}: error rate ${op} ${round(fraction * 100)}%${over}`;
}
