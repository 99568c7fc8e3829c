import type { Telemetry } from './create-telemetry.js';
import { normalizedEntropy, topItemShare } from './diversity.js';
import { cumulativeHistogram, cumulativeSummary } from './cumulative-histogram.js';
import { Counter, Gauge, Registry } from './prom-classes.js';
import { LATENCY_BOUNDS_SECONDS } from './stream-counters.js';
import type { OutcomeCounts } from './types.js';

export interface MetricsHandler {
  contentType: string;
  body(): Promise<string>;
  /** The handler's own registry (never the global one), for extra collectors such as shadow diffs. */
  registry: Registry;
}

const LABELS = ['model', 'release', 'region'] as const;
/** Diversity needs a few hundred predictions to be stable, so it is read over five minutes. */
const DIVERSITY_SPAN_MS = 300_000;

/**
 * Prometheus exposition computed at scrape time from the telemetry's per-stream counters, so the
 * request path records once (a few increments beside the sketch) and never touches prom-client.
 * Everything a fleet sums is a counter or a histogram since start (requests by outcome, latency,
 * input rows and their nulls / missing / wrong types): `sum by (release) (rate(...))` adds up
 * across gateways and workers. Only prediction diversity is a windowed gauge: entropy does not
 * add across instances, so it is computed here over the last five minutes.
 */
export function metricsHandler(telemetry: Telemetry): MetricsHandler {
  const registry = new Registry();

  new Counter({
    name: 'ripcord_requests_total',
    help: 'Requests proxied per release, by outcome.',
    labelNames: [...LABELS, 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const key of telemetry.streams()) {
        const totals = telemetry.totals(key);
        if (!totals) continue;
        for (const outcome of Object.keys(totals) as (keyof OutcomeCounts)[])
          this.inc({ ...key, outcome }, totals[outcome]);
      }
    },
  });

  registerLatencyHistogram(registry, telemetry);
  registerInputCounters(registry, telemetry);
  registerKpiSummary(registry, telemetry);

  const diversityGauge = (
    name: string,
    help: string,
    value: (w: ReturnType<Telemetry['window']>) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: [...LABELS],
      registers: [registry],
      collect() {
        this.reset();
        const to = telemetry.now();
        for (const key of telemetry.streams()) {
          const v = value(telemetry.window({ ...key, from: to - DIVERSITY_SPAN_MS, to: to + 1000 }));
          if (Number.isFinite(v)) this.set({ ...key }, v);
        }
      },
    });
  diversityGauge(
    'ripcord_prediction_entropy',
    'Normalized entropy of predicted items over the last 5 min (1 = uniform, 0 = one item).',
    (w) => normalizedEntropy(w.predictions),
  );
  diversityGauge(
    'ripcord_prediction_top_item_share',
    'Share of predictions taken by the most frequent item over the last 5 min.',
    (w) => topItemShare(w.predictions),
  );

  new Counter({
    name: 'ripcord_shadow_events_total',
    help: 'Shadow-traffic events per shadow release (mirrored, dropped, timeout, error, match, mismatch).',
    labelNames: ['model', 'release', 'event'],
    registers: [registry],
    collect() {
      this.reset();
      for (const e of telemetry.shadowTotals())
        this.inc({ model: e.model, release: e.release, event: e.event }, e.count);
    },
  });

  return { contentType: registry.contentType, body: () => registry.metrics(), registry };
}

/** Upstream latency as a classic histogram in seconds, from each stream's cumulative bucket counts. */
function registerLatencyHistogram(registry: Registry, telemetry: Telemetry): void {
  registry.registerMetric(
    cumulativeHistogram(
      'ripcord_request_duration_seconds',
      'Upstream latency per release (time to the full response), since start.',
      LATENCY_BOUNDS_SECONDS,
      () =>
        telemetry.streams().flatMap((key) => {
          const c = telemetry.counters(key);
          return c && c.latencyCount > 0
            ? [
                {
                  labels: { ...key },
                  perBucket: c.latencyBuckets,
                  sum: c.latencySumSeconds,
                  count: c.latencyCount,
                },
              ]
            : [];
        }),
    ),
  );
}

function registerInputCounters(registry: Registry, telemetry: Telemetry): void {
  new Counter({
    name: 'ripcord_input_rows_total',
    help: 'Input rows checked against the model input schema, since start.',
    labelNames: [...LABELS],
    registers: [registry],
    collect() {
      this.reset();
      for (const key of telemetry.streams()) {
        const c = telemetry.counters(key);
        if (c && c.inputRows > 0) this.inc({ ...key }, c.inputRows);
      }
    },
  });
  new Counter({
    name: 'ripcord_input_schema_mismatch_rows_total',
    help: 'Input rows breaking the schema (a field of the wrong type, missing though required, null though not nullable).',
    labelNames: [...LABELS],
    registers: [registry],
    collect() {
      this.reset();
      for (const key of telemetry.streams()) {
        const c = telemetry.counters(key);
        if (c && c.inputRows > 0) this.inc({ ...key }, c.inputMismatchRows);
      }
    },
  });
  const fieldCounter = (name: string, help: string, pick: 'missing' | 'nulls' | 'wrongType' | 'mismatches') =>
    new Counter({
      name,
      help,
      // `field` comes from the model's registered input schema, never from a request.
      labelNames: [...LABELS, 'field'],
      registers: [registry],
      collect() {
        this.reset();
        for (const key of telemetry.streams()) {
          const c = telemetry.counters(key);
          if (!c) continue;
          for (const [field, t] of Object.entries(c.fields)) this.inc({ ...key, field }, t[pick]);
        }
      },
    });
  fieldCounter(
    'ripcord_input_field_schema_mismatches_total',
    'Input rows where a schema field breaks the schema (wrong type, missing though required, null though not nullable).',
    'mismatches',
  );
  fieldCounter('ripcord_input_field_missing_total', 'Input rows missing a schema field.', 'missing');
  fieldCounter('ripcord_input_field_nulls_total', 'Input rows with a schema field set to null.', 'nulls');
  fieldCounter(
    'ripcord_input_field_wrong_type_total',
    'Input rows with a schema field of the wrong type.',
    'wrongType',
  );
}

/** KPI events fed back per release, as a summary without quantiles: mean = rate(_sum) / rate(_count). */
function registerKpiSummary(registry: Registry, telemetry: Telemetry): void {
  registry.registerMetric(
    cumulativeSummary(
      'ripcord_kpi',
      'KPI events fed back per release (count and sum of values), since start.',
      () =>
        telemetry.streams().flatMap((key) => {
          const c = telemetry.counters(key);
          if (!c) return [];
          return Object.entries(c.kpis).map(([kpi, m]) => ({
            labels: { ...key, kpi },
            sum: m.sum,
            count: m.n,
          }));
        }),
    ),
  );
}
