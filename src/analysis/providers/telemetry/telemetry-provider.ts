/**
 * The first MetricProvider: ripcord's own gateways' merged 1 s buckets, read in process. The
 * reads are synchronous underneath; a failed one (a span the buckets cannot answer) becomes a
 * MetricReadError naming this provider and the query.
 */
import type { TelemetryReader } from '../../../telemetry/types.js';
import { describeQuery } from '../describe-query.js';
import { MetricReadError, type MetricProvider, type WindowQuery } from '../metric-provider.js';

export const TELEMETRY_PROVIDER = 'telemetry';

export function telemetryProvider(reader: TelemetryReader): MetricProvider {
  const read = <T>(query: WindowQuery, run: () => T): Promise<T> => {
    try {
      return Promise.resolve(run());
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return Promise.reject(
        new MetricReadError(`${TELEMETRY_PROVIDER}: cannot read ${describeQuery(query)}: ${why}`, {
          provider: TELEMETRY_PROVIDER,
        }),
      );
    }
  };
  return {
    name: TELEMETRY_PROVIDER,
    window: (query) => read(query, () => reader.window(query)),
    series: (query) => read(query, () => reader.series(query)),
  };
}
