/**
 * A classic Prometheus histogram whose counts are kept elsewhere (the telemetry's per-stream
 * counters) and read at scrape time. prom-client's Histogram can only `observe()`; this is the
 * small object its Registry renders (`name`, `help`, `type`, `get()`), so nothing is observed twice.
 */
import type { Metric } from 'prom-client';

import type { Registry } from './prom-classes.js';

export interface HistogramSeries {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative), one more than `bounds` (the last is above them all). */
  perBucket: ArrayLike<number>;
  sum: number;
  count: number;
}

interface MetricValue {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

export function cumulativeHistogram(
  name: string,
  help: string,
  bounds: readonly number[],
  series: () => HistogramSeries[],
): Metric & Parameters<Registry['registerMetric']>[0] {
  const get = () => {
    const values: MetricValue[] = [];
    for (const s of series()) {
      let cumulative = 0;
      bounds.forEach((bound, i) => {
        cumulative += s.perBucket[i] ?? 0;
        values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${name}_count`, labels: s.labels, value: s.count });
    }
    return Promise.resolve({ name, help, type: 'histogram', values, aggregator: 'sum' });
  };
  return {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get,
    reset: () => undefined,
  } as unknown as Metric & Parameters<Registry['registerMetric']>[0];
}

/** A summary with no quantiles (`_sum` and `_count` only) whose values are kept elsewhere. */
export function cumulativeSummary(
  name: string,
  help: string,
  series: () => { labels: Record<string, string>; sum: number; count: number }[],
): Metric & Parameters<Registry['registerMetric']>[0] {
  const get = () => {
    const values: MetricValue[] = series().flatMap((s) => [
      { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
      { metricName: `${name}_count`, labels: s.labels, value: s.count },
    ]);
    return Promise.resolve({ name, help, type: 'summary', values, aggregator: 'sum' });
  };
  return {
    name,
    help,
    type: 'summary',
    aggregator: 'sum',
    get,
    reset: () => undefined,
  } as unknown as Metric & Parameters<Registry['registerMetric']>[0];
}
