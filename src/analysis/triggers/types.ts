import type { Severity } from '../judge.js';

export type TriggerMetric =
  | { kind: 'latency'; /** 0 < quantile < 1, e.g. 0.95 */ quantile: number; label: string }
  | { kind: 'error-rate' }
  | { kind: 'kpi'; name: string }
  | { kind: 'diversity' }
  | { kind: 'null-rate'; field?: string | undefined }
  /** Rows (or one field's values) that break the model's input schema. */
  | { kind: 'schema-mismatch'; field?: string | undefined }
  | { kind: 'psi'; field: string }
  /** Jensen-Shannon distance of the field's distribution from the baseline's. */
  | { kind: 'js'; field: string }
  /** Kolmogorov-Smirnov distance of a numeric field's distribution from the baseline's. */
  | { kind: 'ks'; field: string };

export type Comparison =
  | {
      mode: 'relative';
      direction: 'up' | 'down';
      /** Fractional change allowed, e.g. 0.3 for "up > 30%". */
      limit: number;
      inclusive: boolean;
    }
  | {
      mode: 'absolute';
      op: '>' | '>=' | '<' | '<=';
      /** In canonical units: milliseconds for latency, a fraction for rates, else as written. */
      value: number;
      /** The unit as written, for messages. */
      unit: 'ms' | 's' | '%' | '';
    };

/** A parsed, validated, frozen trigger. */
export interface Trigger {
  /** As written, without the severity prefix. */
  readonly text: string;
  /** As written, with the severity prefix when there was one. */
  readonly source: string;
  readonly severity: Severity;
  readonly metric: TriggerMetric;
  readonly comparison: Comparison;
  /** The breach must hold this long before it counts (`for 5m`). */
  readonly forMs: number | undefined;
  /** Only the trailing span of data is judged (`over 15m`); undefined = since the step began. */
  readonly overMs: number | undefined;
  /** Whether a breach also needs a statistical test to reject. */
  readonly significance: boolean;
}
