/**
 * MetricProvider over Prometheus: a release's window is read from the counters ripcord's gateways
 * export (docs/telemetry.md) — requests by outcome, the latency histogram, input rows and their
 * nulls / missing / wrong types / schema mismatches — as the difference of each counter between
 * the window's two edges. So counts are whole numbers (what the always-valid tests need), exact to
 * the scrape: a window [from, to) holds what the scrapes before `to` saw and those before `from`
 * did not. A series is one range query however many steps (every edge is a point of it).
 *
 * What Prometheus cannot give back: the latency sketch is rebuilt from histogram buckets (each
 * request at its bucket's upper bound: quantiles are over-stated by at most one bucket), and
 * prediction frequencies and KPI moments are not exported, so diversity and KPI triggers read
 * "insufficient data" on this provider.
 */
import type { DDSketch } from '@datadog/sketches-js';

import { emptyWindow } from '../../empty-window.js';
import type { FieldQuality, ReleaseWindow } from '../../../telemetry/types.js';
import { describeQuery } from '../describe-query.js';
import {
  MetricReadError,
  type MetricProvider,
  type SeriesQuery,
  type WindowQuery,
} from '../metric-provider.js';
import {
  outcomeOf,
  resolveConvention,
  type PrometheusConvention,
  type ResolvedConvention,
} from './prometheus-source.js';
import {
  instantQuery,
  PROMETHEUS_PROVIDER,
  rangeQuery,
  type PrometheusConnection,
} from './prometheus-http.js';

export interface PrometheusProviderOptions extends PrometheusConnection {
  /** Label matchers every query adds, e.g. `{ job: 'ripcord-gateways' }`. */
  selector?: Record<string, string> | undefined;
  /** Other names for the request counter, the duration histogram and their labels (prometheus-source.ts). */
  convention?: PrometheusConvention | undefined;
}

/** Canonical names of the series read; the request and duration ones may be renamed by a convention. */
const REQUESTS = 'ripcord_requests_total';
const DURATION_BUCKETS = 'ripcord_request_duration_seconds_bucket';
const INPUT_COUNTERS = [
  'ripcord_input_rows_total',
  'ripcord_input_schema_mismatch_rows_total',
  'ripcord_input_field_missing_total',
  'ripcord_input_field_nulls_total',
  'ripcord_input_field_wrong_type_total',
  'ripcord_input_field_schema_mismatches_total',
];

/** One counter series' value at each edge (undefined where Prometheus had no sample). */
type EdgeValues = Map<string, { labels: Record<string, string>; at: (number | undefined)[] }>;

export function prometheusProvider(options: PrometheusProviderOptions): MetricProvider {
  const convention = resolveConvention(options.convention);
  const counters = [convention.requests, convention.durationBuckets, ...INPUT_COUNTERS];
  const matchers = (q: WindowQuery) =>
    [
      `__name__=~${JSON.stringify(counters.join('|'))}`,
      `${convention.modelLabel}=${JSON.stringify(q.model)}`,
      `${convention.releaseLabel}=${JSON.stringify(q.release)}`,
      ...(q.region === undefined ? [] : [`region=${JSON.stringify(q.region)}`]),
      ...Object.entries(options.selector ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    ].join(',');
  const outcomeLabel = convention.statusCodeLabel ?? convention.outcomeLabel;
  const promql = (q: WindowQuery) => `sum by (__name__, ${outcomeLabel}, le, field) ({${matchers(q)}})`;

  /** Counter values just before each edge: a sample at an edge's millisecond belongs to the window it opens. */
  const readEdges = async (q: WindowQuery, edges: number[]): Promise<EdgeValues> => {
    const what = describeQuery(q);
    const out: EdgeValues = new Map();
    const put = (labels: Record<string, string>, i: number, value: number) => {
      const key = JSON.stringify(labels);
      let entry = out.get(key);
      if (!entry) out.set(key, (entry = { labels, at: new Array<number | undefined>(edges.length) }));
      entry.at[i] = value;
    };
    const first = edges[0]!;
    const step = edges.length > 1 ? edges[1]! - first : 0;
    // Edges on one grid come from one range query; a shorter last step is one instant query more.
    let uniform = edges.length;
    while (uniform > 2 && edges[uniform - 1]! - edges[uniform - 2]! !== step) uniform--;
    if (step > 0) {
      const series = await rangeQuery(
        options,
        promql(q),
        { startMs: first - 1, endMs: edges[uniform - 1]! - 1, stepMs: step },
        what,
      );
      for (const s of series)
        for (const [t, v] of s.values) put(s.metric, Math.round((t * 1000 - (first - 1)) / step), v);
    } else uniform = 0;
    for (let i = Math.max(uniform, 0); i < edges.length; i++)
      for (const s of await instantQuery(options, promql(q), edges[i]! - 1, what)) put(s.metric, i, s.value);
    return out;
  };

  const windowsOf = async (q: WindowQuery, edges: number[]): Promise<ReleaseWindow[]> => {
    if (!(q.to >= q.from))
      throw new MetricReadError(`${PROMETHEUS_PROVIDER}: ${describeQuery(q)} ends before it starts`, {
        provider: PROMETHEUS_PROVIDER,
      });
    const values = edges.length > 1 && q.to > q.from ? await readEdges(q, edges) : new Map();
    return edges.slice(1).map((to, i) => toWindow(q, edges[i]!, to, values, i, convention));
  };

  return {
    name: PROMETHEUS_PROVIDER,
    async window(query) {
      return (
        (await windowsOf(query, [query.from, query.to]))[0] ??
        emptyWindow(query.release, query.from, query.to, query.model)
      );
    },
    series(query: SeriesQuery) {
      if (!(query.stepMs > 0))
        return Promise.reject(
          new MetricReadError(`${PROMETHEUS_PROVIDER}: stepMs must be positive, got ${query.stepMs}`, {
            provider: PROMETHEUS_PROVIDER,
          }),
        );
      const edges = [query.from];
      for (let t = query.from + query.stepMs; t < query.to; t += query.stepMs) edges.push(t);
      if (query.to > query.from) edges.push(query.to);
      return windowsOf(query, edges);
    },
  };
}

/** The window between edges i and i + 1: each counter's increase (a reset counts from zero). */
function toWindow(
  q: WindowQuery,
  from: number,
  to: number,
  values: EdgeValues,
  i: number,
  convention: ResolvedConvention,
): ReleaseWindow {
  const w = emptyWindow(q.release, from, to, q.model);
  if (q.region !== undefined) w.region = q.region;
  const buckets: [number, number][] = [];
  for (const { labels, at } of values.values()) {
    const end = at[i + 1];
    if (end === undefined) continue;
    const start = at[i] ?? 0;
    const n = Math.round(end >= start ? end - start : end);
    const name = canonicalName(convention, labels['__name__']);
    if (n === 0 && name !== DURATION_BUCKETS) continue;
    switch (name) {
      case REQUESTS: {
        const outcome = outcomeOf(convention, labels);
        if (outcome !== undefined) w.outcomes[outcome] += n;
        w.requests += n;
        break;
      }
      case DURATION_BUCKETS:
        buckets.push([labels['le'] === '+Inf' ? Infinity : Number(labels['le']), n]);
        break;
      case 'ripcord_input_rows_total':
        w.inputRows += n;
        break;
      case 'ripcord_input_schema_mismatch_rows_total':
        w.inputMismatchRows = (w.inputMismatchRows ?? 0) + n;
        break;
      default:
        addField(w, labels, n);
    }
  }
  fillLatency(w.latency, buckets, convention.bucketToMs);
  return w;
}

/** The ripcord name of a series read under `convention`'s names. */
function canonicalName(convention: ResolvedConvention, name: string | undefined): string | undefined {
  if (name === convention.requests) return REQUESTS;
  if (name === convention.durationBuckets) return DURATION_BUCKETS;
  return name;
}

function addField(w: ReleaseWindow, labels: Record<string, string>, n: number): void {
  const field = labels['field'];
  if (field === undefined) return;
  const q: FieldQuality = (w.inputQuality[field] ??= { missing: 0, nulls: 0, wrongType: 0, mismatches: 0 });
  switch (labels['__name__']) {
    case 'ripcord_input_field_missing_total':
      q.missing += n;
      break;
    case 'ripcord_input_field_nulls_total':
      q.nulls += n;
      break;
    case 'ripcord_input_field_wrong_type_total':
      q.wrongType += n;
      break;
    case 'ripcord_input_field_schema_mismatches_total':
      q.mismatches = (q.mismatches ?? 0) + n;
      break;
  }
}

/**
 * Cumulative bucket counts → the sketch: each bucket's requests at its upper bound (the largest
 * finite bound doubled for +Inf), so a quantile read back is never under-stated.
 */
function fillLatency(sketch: DDSketch, cumulative: [number, number][], toMs: number): void {
  cumulative.sort((a, b) => a[0] - b[0]);
  let below = 0;
  let lastFinite = 1 / toMs;
  for (const [le, count] of cumulative) {
    const n = count - below;
    if (Number.isFinite(le)) lastFinite = le;
    if (n > 0) sketch.accept((Number.isFinite(le) ? le : lastFinite * 2) * toMs, n);
    below = Math.max(below, count);
  }
}
