/**
 * A metric template's measurement from Prometheus, as Argo's Prometheus provider gives it to the
 * conditions: an instant vector is the list of its values (`result[0]`), a scalar its number; an
 * empty vector is "no data" (the conditions then read Inconclusive).
 */
import type { MeasureFn } from '../../measurements/metric-template.js';
import { instantQuery } from './prometheus-http.js';

export function prometheusMeasure(
  options: {
    bearerToken?: string | undefined;
    timeoutMs?: number;
    /** Where a template's `bearerTokenEnv` is read (at each measurement). @default process.env */
    env?: Record<string, string | undefined>;
  } = {},
): MeasureFn {
  return async (template, at) => {
    const { address, query, bearerTokenEnv } = template.provider.prometheus;
    const fromEnv = bearerTokenEnv === undefined ? undefined : (options.env ?? process.env)[bearerTokenEnv];
    const samples = await instantQuery(
      { address, bearerToken: fromEnv || options.bearerToken, timeoutMs: options.timeoutMs },
      query,
      at,
      `metric ${template.name}`,
    );
    return samples.map((s) => s.value);
  };
}
