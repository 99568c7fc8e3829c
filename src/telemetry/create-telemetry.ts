import type { Clock } from '../core/clock.js';
import type { InputSchema } from '../registry/schemas.js';
import { exportBuckets, importBuckets, type BucketBatch, type ImportOptions } from './bucket-exchange.js';
import { checkRow, compileSchema, type CompiledSchema } from './input-quality.js';
import { ItemInterner } from './item-interner.js';
import type { SerializedBucket } from './release-bucket.js';
import { SampleStore, type Sample, type SampleInput, type SampleOptions } from './sample-store.js';
import type { StreamCounters } from './stream-counters.js';
import { StreamTable, type StreamKey } from './stream-table.js';
import type {
  KpiObservation,
  OutcomeCounts,
  RequestObservation,
  TelemetryReader,
  TelemetryRecorder,
} from './types.js';
import { WindowReader } from './window-reader.js';

export type { BucketBatch, ImportOptions } from './bucket-exchange.js';
export type { StreamKey } from './stream-table.js';

export interface TelemetryOptions {
  clock: Clock;
  /** Rolling window kept in memory, in seconds (default 3600). */
  windowSeconds?: number;
  /**
   * Seconds kept at one-second precision (default 60, at least 10). Older data is sealed into one
   * bucket per 10 s span once the span ended `secondsKept` seconds ago, and into one bucket per
   * minute once the minute did; both are kept to the end of the window and read as if all of
   * their data had arrived in their first second: a window or series step counts a sealed bucket
   * whole when its start is in [from, to), so an edge that falls in one moves up to the next span
   * or minute. This bounds memory (per-second prediction counters for an hour of thousands of
   * streams do not fit); `secondsKept` ≥ `windowSeconds` − 60 keeps every second.
   */
  secondsKept?: number;
  /** The model's input schema, for data-quality counts (undefined = skip the checks). */
  schemas: (model: string) => InputSchema | undefined;
  /** PSI edges per numeric field; must depend on the model only, never the release. */
  histogramEdges?: (model: string, field: string) => readonly number[] | undefined;
  /** Distinct predicted items tracked exactly per bucket/window before the sketch bounds memory (default 1000). */
  itemCapacity?: number;
  samples?: SampleOptions;
}

export type ShadowEvent = 'mirrored' | 'dropped' | 'timeout' | 'error' | 'match' | 'mismatch';

export interface Telemetry extends TelemetryRecorder, TelemetryReader {
  shouldSample(): boolean;
  recordSample(sample: SampleInput): void;
  freeze(model: string, release: string): Sample[];
  /** Shadow-traffic counters (cumulative), exposed on /metrics. */
  recordShadow(model: string, release: string, event: ShadowEvent): void;
  /** Closed buckets from `since` (epoch ms) on, before `until` (epoch ms) when given. */
  exportBuckets(since: number, until?: number): BucketBatch;
  /** Merges closed buckets from another process; `{ counters: false }` leaves /metrics' counters alone. */
  importBuckets(batch: BucketBatch | SerializedBucket[], options?: ImportOptions): void;
  /** Streams with data in the rolling window. */
  streams(): StreamKey[];
  /** Cumulative outcome counts since start (for Prometheus counters). */
  totals(key: StreamKey): OutcomeCounts | undefined;
  /** Cumulative latency histogram and input-quality counts since start (for Prometheus). */
  counters(key: StreamKey): StreamCounters | undefined;
  shadowTotals(): { model: string; release: string; event: ShadowEvent; count: number }[];
  readonly windowSeconds: number;
  /** The telemetry clock's time (epoch ms), so readers align spans with what was recorded. */
  now(): number;
}

/**
 * The gateway's telemetry: a table of per-second streams (stream-table.ts), read through merged
 * windows (window-reader.ts) and exchanged between processes as closed buckets
 * (bucket-exchange.ts); this wires them together with the recorder, samples and shadow counters.
 */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const { clock } = options;
  const itemCapacity = options.itemCapacity ?? 1000;
  const table = new StreamTable({
    clock,
    windowSeconds: options.windowSeconds ?? 3600,
    secondsKept: options.secondsKept ?? 60,
    itemCapacity,
  });
  const reader = new WindowReader(table);
  const samples = new SampleStore(options.samples);
  const schemaFor = schemaCompiler(options);
  const shadow = new Map<string, { model: string; release: string; event: ShadowEvent; count: number }>();
  // Room for the live items of a few hundred models (a sketch holds < 2 × itemCapacity).
  const { intern } = new ItemInterner(256 * itemCapacity);

  return {
    windowSeconds: table.windowSeconds,
    now: () => clock.now(),

    record(obs: RequestObservation): void {
      const s = table.stream(obs.model, obs.release, obs.region);
      s.totals[obs.outcome]++;
      s.counters.latency(obs.latencyMs > 0 ? obs.latencyMs : 0);
      const b = table.bucket(s, Math.floor(obs.at / 1000));
      if (!b) return;
      b.requests++;
      b.outcomes[obs.outcome]++;
      b.acceptLatency(obs.latencyMs > 0 ? obs.latencyMs : 0);
      if (obs.predictions) {
        b.predictionResponses++;
        for (const item of obs.predictions)
          b.predictions.add(typeof item === 'string' ? item : String(item), 1, intern);
      }
      if (obs.inputs && obs.inputs.length > 0) {
        const schema = schemaFor(obs.model);
        if (schema) {
          b.inputRows += obs.inputs.length;
          s.counters.inputRows += obs.inputs.length;
          for (const row of obs.inputs)
            if (checkRow(schema, row, b.inputQuality, s.counters)) {
              b.inputMismatchRows++;
              s.counters.inputMismatchRows++;
            }
        }
      }
    },

    recordKpi(obs: KpiObservation): void {
      const s = table.stream(obs.model, obs.release, obs.region);
      s.counters.kpi(obs.metric, obs.value);
      table.bucket(s, Math.floor(obs.at / 1000))?.addKpi(obs.metric, obs.value);
    },

    window: (q) => reader.window(q),
    series: (q) => reader.series(q),

    shouldSample: () => samples.shouldSample(),
    recordSample: (sample) => samples.record(sample),
    freeze: (model, release) => samples.freeze(model, release),

    recordShadow(model, release, event) {
      const key = `${model}\u0000${release}\u0000${event}`;
      const entry = shadow.get(key);
      if (entry) entry.count++;
      else shadow.set(key, { model, release, event, count: 1 });
    },

    exportBuckets: (since, until) => exportBuckets(table, since, until),
    importBuckets: (batch, importOptions) => importBuckets(table, batch, intern, importOptions),

    streams() {
      const now = table.nowSec();
      const out: StreamKey[] = [];
      for (const s of table.all())
        if (table.live(s.lastSec, now)) out.push({ model: s.model, release: s.release, region: s.region });
      return out;
    },

    totals: (k) => table.find(k)?.totals,
    counters: (k) => table.find(k)?.counters,
    shadowTotals: () => [...shadow.values()].map((e) => ({ ...e })),
  };
}

/** The model's input schema compiled once per schema object (undefined = no checks). */
function schemaCompiler(options: TelemetryOptions): (model: string) => CompiledSchema | undefined {
  const compiled = new WeakMap<InputSchema, CompiledSchema>();
  return (model) => {
    const schema = options.schemas(model);
    if (!schema) return undefined;
    let c = compiled.get(schema);
    if (!c) {
      c = compileSchema(schema, (field) => options.histogramEdges?.(model, field));
      compiled.set(schema, c);
    }
    return c;
  };
}
