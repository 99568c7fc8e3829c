import type { Telemetry } from './create-telemetry.js';
import { normalizedEntropy, topItemShare } from './diversity.js';
import { Counter, Gauge, Registry } from './prom-classes.js';
import type { OutcomeCounts } from './types.js';

export interface MetricsHandler {
  contentType: string;
  body(): Promise<string>;
  /** The handler's own registry (never the global one), for extra collectors such as shadow diffs. */
  registry: Registry;
}

const LABELS = ['model', 'release', 'region'] as const;
const QUANTILES = [0.5, 0.95, 0.99] as const;
/** Latency quantiles describe the last minute; diversity needs more items to be stable, so five. */
const LATENCY_SPAN_MS = 60_000;
const DIVERSITY_SPAN_MS = 300_000;

/**
 * Prometheus exposition computed at scrape time from the telemetry buckets, so the request
 * path records once (into the sketch) and never touches prom-client. Latency is a
 * summary-style gauge read from the DDSketch (1 % relative error) rather than a Prometheus
 * histogram: that keeps one recording per request and exact-to-the-sketch p99 instead of
 * bucket-interpolated guesses.
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

  const windowGauge = (
    name: string,
    help: string,
    spanMs: number,
    values: (w: ReturnType<Telemetry['window']>) => [Record<string, string>, number][],
    extraLabels: string[] = [],
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: [...LABELS, ...extraLabels],
      registers: [registry],
      collect() {
        this.reset();
        const to = telemetry.now();
        for (const key of telemetry.streams()) {
          const w = telemetry.window({ ...key, from: to - spanMs, to: to + 1000 });
          for (const [labels, value] of values(w))
            if (Number.isFinite(value)) this.set({ ...key, ...labels }, value);
        }
      },
    });
  };

  windowGauge(
    'ripcord_latency_ms',
    'Upstream latency quantiles over the last 60 s (DDSketch, 1 % relative accuracy).',
    LATENCY_SPAN_MS,
    (w) =>
      w.latency.count > 0
        ? QUANTILES.map((q) => [{ quantile: String(q) }, w.latency.getValueAtQuantile(q)])
        : [],
    ['quantile'],
  );
  windowGauge(
    'ripcord_prediction_entropy',
    'Normalized entropy of predicted items over the last 5 min (1 = uniform, 0 = one item).',
    DIVERSITY_SPAN_MS,
    (w) => [[{}, normalizedEntropy(w.predictions)]],
  );
  windowGauge(
    'ripcord_prediction_top_item_share',
    'Share of predictions taken by the most frequent item over the last 5 min.',
    DIVERSITY_SPAN_MS,
    (w) => [[{}, topItemShare(w.predictions)]],
  );
  windowGauge(
    'ripcord_input_missing_rate',
    'Share of input rows missing a schema field over the last 5 min.',
    DIVERSITY_SPAN_MS,
    (w) =>
      Object.entries(w.inputQuality).map(([field, q]) => [
        { field },
        w.inputRows ? q.missing / w.inputRows : NaN,
      ]),
    ['field'],
  );
  windowGauge(
    'ripcord_input_null_rate',
    'Share of input rows with a null schema field over the last 5 min.',
    DIVERSITY_SPAN_MS,
    (w) =>
      Object.entries(w.inputQuality).map(([field, q]) => [
        { field },
        w.inputRows ? q.nulls / w.inputRows : NaN,
      ]),
    ['field'],
  );
  windowGauge(
    'ripcord_input_wrong_type_rate',
    'Share of input rows with a wrongly typed schema field over the last 5 min.',
    DIVERSITY_SPAN_MS,
    (w) =>
      Object.entries(w.inputQuality).map(([field, q]) => [
        { field },
        w.inputRows ? q.wrongType / w.inputRows : NaN,
      ]),
    ['field'],
  );

  windowGauge(
    'ripcord_input_schema_mismatch_rate',
    'Share of input rows breaking the input schema (wrong type, missing though required, null though not nullable) over the last 5 min.',
    DIVERSITY_SPAN_MS,
    (w) => [[{}, w.inputRows && w.inputMismatchRows !== undefined ? w.inputMismatchRows / w.inputRows : NaN]],
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
