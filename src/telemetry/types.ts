/**
 * The telemetry contract between the gateway (producer), the judges and the controller
 * (consumers). The gateway records one RequestObservation per request into per-release 1 s
 * buckets; readers ask for a merged ReleaseWindow over any span, or a per-second series.
 */
import type { DDSketch } from '@datadog/sketches-js';

/**
 * How a request ended. `invalidResponse`: the backend answered 2xx with a body its protocol cannot
 * parse (truncated JSON, an HTML error page): a failure of the model, counted toward error rate.
 */
export type Outcome =
  'ok' | 'clientError' | 'serverError' | 'timeout' | 'connectionError' | 'invalidResponse';

/** What the gateway knows about one proxied request, handed to the recorder off the hot path's I/O. */
export interface RequestObservation {
  model: string;
  release: string;
  region: string;
  /** Epoch ms when the request arrived. */
  at: number;
  outcome: Outcome;
  /** Upstream latency in milliseconds (time to full response). */
  latencyMs: number;
  /** Predicted items/classes extracted from the response via the model's predictionPath. */
  predictions?: readonly (string | number)[] | undefined;
  /** Parsed input rows (instances) for data-quality checks against the model's input schema. */
  inputs?: readonly unknown[] | undefined;
}

/** A KPI event fed back for a release (e.g. conversion 0/1 or revenue), by request id or release. */
export interface KpiObservation {
  model: string;
  release: string;
  region: string;
  at: number;
  metric: string;
  value: number;
}

export interface OutcomeCounts {
  ok: number;
  clientError: number;
  serverError: number;
  timeout: number;
  connectionError: number;
  invalidResponse: number;
}

/** Requests that failed on the server's side: 5xx, timeouts, connection errors and unparseable answers (a 4xx is the client's doing). */
export function serverSideFailures(o: OutcomeCounts): number {
  return o.serverError + o.timeout + o.connectionError + o.invalidResponse;
}

/** Sufficient statistics of a numeric series (for mean tests). */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export interface FieldQuality {
  /** Rows where the field was absent. */
  missing: number;
  /** Rows where it was present but null. */
  nulls: number;
  /** Rows where it was present, not null, and of the wrong type. */
  wrongType: number;
  /**
   * Rows where the field breaks the schema: the wrong type, missing though required, or null
   * though not nullable. Absent in buckets from gateways that do not count it (read as 0).
   */
  mismatches?: number | undefined;
  /** Numeric values, bucketed on fixed edges shared by every release so PSI can compare them. */
  histogram?: { edges: number[]; counts: number[] } | undefined;
  /** String and boolean values: how often each value was seen (see CategoryCounts). */
  categories?: CategoryCounts | undefined;
}

/**
 * Exact counts of a categorical field's values, for PSI and Jensen-Shannon on categories. Kept
 * while the field has at most CATEGORY_CAPACITY distinct values (input-quality.ts) over the span;
 * past that `overflow` is set and `counts` emptied, for every merge that includes it, so both arms
 * of a comparison are either exact or refused, never cut differently.
 */
export interface CategoryCounts {
  /** Value (a string, or "true"/"false") → rows; a null-prototype object. */
  counts: Record<string, number>;
  overflow: boolean;
}

/** Everything recorded for one release over a time span: mergeable, so spans and gateways add up. */
export interface ReleaseWindow {
  model: string;
  release: string;
  /** Undefined when merged across regions. */
  region?: string | undefined;
  from: number;
  to: number;
  requests: number;
  outcomes: OutcomeCounts;
  /** Latency in ms; relative accuracy 1 %. */
  latency: DDSketch;
  /** Frequency of each predicted item/class (read-only: it may share the sketch's arrays). */
  predictions: ReadonlyMap<string, number>;
  /** Number of responses whose predictions were read. */
  predictionResponses: number;
  inputRows: number;
  /**
   * Input rows with at least one field that breaks the model's input schema. Undefined from a
   * reader that does not check whole rows.
   */
  inputMismatchRows?: number | undefined;
  inputQuality: Record<string, FieldQuality>;
  kpis: Record<string, Moments>;
  /**
   * How many gateways recorded traffic for this release in the span (the control plane's merged
   * fleet view); undefined from a reader that does not know (one gateway's own telemetry).
   */
  gateways?: number | undefined;
}

/** Read side of telemetry, used by the judges and controller; local or merged from gateways. */
export interface TelemetryReader {
  /**
   * Merged window for one release over [from, to). `predictions: false`: the caller reads no
   * predictions, and the answer's are empty (their merge, most of a read's cost, is skipped).
   */
  window(query: {
    model: string;
    release: string;
    from: number;
    to: number;
    region?: string;
    predictions?: boolean | undefined;
  }): ReleaseWindow;
  /** Per-second (or per `stepMs`) windows, oldest first, for per-interval judges. */
  series(query: {
    model: string;
    release: string;
    from: number;
    to: number;
    stepMs: number;
    region?: string;
    predictions?: boolean | undefined;
  }): ReleaseWindow[];
}

/** Write side, called by the gateway. Must be cheap: no I/O, no awaits. */
export interface TelemetryRecorder {
  record(observation: RequestObservation): void;
  recordKpi(observation: KpiObservation): void;
}
