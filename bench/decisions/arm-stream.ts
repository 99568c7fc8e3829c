import { DDSketch } from '@datadog/sketches-js';

import type { ReleaseWindow } from '../../src/telemetry/types.js';
import { FEATURE_EDGES, type LatencyGrid } from './distributions.js';
import { PoissonSplitter, type Rng } from './random.js';
import type { ArmModel } from './scenarios.js';

/** Shared sampling tables for one benchmark run. */
export interface Tables {
  grid: LatencyGrid;
  /** Bin probabilities of latencies scaled by `scale` (memoised), item popularity by kind, feature bins by shift. */
  latency(scale: number): number[];
  items: { healthy: number[]; collapsed: number[] };
  features(shift: number): number[];
  itemNames: string[];
  /** DDSketch key of each latency grid bin (so windows fill sketches without a log per bin). */
  sketchKeys: Int32Array;
}

/** What every release serving in one second shares: its traffic and the conditions of the moment. */
export interface SharedSecond {
  /** This release's requests per second in that second. */
  rate: number;
  /** Every latency multiplied by this (a slow downstream, the evening peak). */
  latency: number;
  /** Probability that a request fails for a shared reason (an error burst), on top of the release's own. */
  errors: number;
  /** The KPI's rate multiplied by this (time-of-day mix). */
  conversion: number;
}

/** KPI events fed back after the request: only `share` of requests report, each `minDelaySec`–`maxDelaySec` later. */
export interface KpiFeedback {
  share: number;
  minDelaySec: number;
  maxDelaySec: number;
}

/** Delayed feedback is spread over this many evenly spaced delays (a multinomial split per second). */
const DELAY_SLOTS = 10;

/**
 * One release's telemetry, one row per simulated second, kept as running totals (prefix sums) so
 * any [from, to) window is a difference of two rows: per-second counts are aggregated, never
 * per-request objects, which is what lets 500 releases × 30 minutes run in minutes.
 */
export class ArmStream {
  readonly requests: Float64Array;
  readonly errors: Float64Array;
  readonly conversions: Float64Array;
  readonly nulls: Float64Array;
  readonly latency: Float64Array;
  readonly items: Float64Array;
  readonly feature: Float64Array;
  /** Seconds generated so far. */
  length = 0;
  private readonly L: number;
  private readonly K: number;
  private readonly F = FEATURE_EDGES.length + 1;
  private model!: ArmModel;
  private rate = 0;
  /** Splitters by distribution, each remembering its last rate (they are rebuilt only on a new shape). */
  private readonly splitters = new Map<string, PoissonSplitter>();
  private kpi: KpiFeedback | undefined;
  /** Delayed KPI events and their sum by the second they arrive in (not prefix sums: arrivals land ahead). */
  private kpiArrivals = new Float64Array(0);
  private kpiArrivalSums = new Float64Array(0);

  constructor(
    readonly release: string,
    readonly capacity: number,
    private readonly tables: Tables,
  ) {
    const rows = capacity + 1;
    this.L = tables.grid.size;
    this.K = tables.itemNames.length;
    this.requests = new Float64Array(rows);
    this.errors = new Float64Array(rows);
    this.conversions = new Float64Array(rows);
    this.nulls = new Float64Array(rows);
    this.latency = new Float64Array(rows * this.L);
    this.items = new Float64Array(rows * this.K);
    this.feature = new Float64Array(rows * this.F);
  }

  /** Starts a new release: `rate` requests per second (Poisson) behaving as `model`. */
  reset(model: ArmModel, rate: number, kpi?: KpiFeedback): void {
    this.behave(model, rate);
    this.length = 0;
    this.kpi = kpi;
    if (kpi) {
      const size = this.capacity + kpi.maxDelaySec + 1;
      if (this.kpiArrivals.length !== size) {
        this.kpiArrivals = new Float64Array(size);
        this.kpiArrivalSums = new Float64Array(size);
      } else {
        this.kpiArrivals.fill(0);
        this.kpiArrivalSums.fill(0);
      }
    }
  }

  /** From the next second on, the release behaves as `model` (a fault starting mid-step). */
  behave(model: ArmModel, rate: number): void {
    this.model = model;
    this.rate = rate;
  }

  private splitter(key: string, weights: () => readonly number[]): PoissonSplitter {
    let s = this.splitters.get(key);
    if (!s) this.splitters.set(key, (s = new PoissonSplitter(weights())));
    return s;
  }

  /** The last second's splitters, reused while the shape holds (most seconds): no key built per second. */
  private current:
    | {
        scale: number;
        model: ArmModel;
        latency: PoissonSplitter;
        items: PoissonSplitter;
        feature: PoissonSplitter;
      }
    | undefined;

  private splittersFor(m: ArmModel, scale: number) {
    const c = this.current;
    if (c && c.scale === scale && c.model === m) return c;
    const { tables } = this;
    return (this.current = {
      scale,
      model: m,
      latency: this.splitter(`l${scale}`, () => tables.latency(scale)),
      items: this.splitter(`i${m.items}`, () => tables.items[m.items]),
      feature: this.splitter(`f${m.featureShift}`, () => tables.features(m.featureShift)),
    });
  }

  /** Simulates one more second, under the conditions every release shares in it (default: its own rate, nothing shared). */
  step(rng: Rng, shared?: SharedSecond): void {
    const s = this.length;
    if (s >= this.capacity) throw new Error(`${this.release}: capacity ${this.capacity} s reached`);
    const m = this.model;
    const rate = shared?.rate ?? this.rate;
    const scale = m.latencyScale * (shared?.latency ?? 1);
    const errorRate = 1 - (1 - m.errorRate) * (1 - (shared?.errors ?? 0));
    const conversion = Math.min(1, m.conversion * (shared?.conversion ?? 1));
    const { L, K, F } = this;
    const { latency: latencySplit, items: itemSplit, feature: featureSplit } = this.splittersFor(m, scale);
    latencySplit.setRate(rate);
    itemSplit.setRate(rate);
    featureSplit.setRate(rate * (1 - m.nullRate));
    this.latency.copyWithin((s + 1) * L, s * L, (s + 1) * L);
    this.items.copyWithin((s + 1) * K, s * K, (s + 1) * K);
    this.feature.copyWithin((s + 1) * F, s * F, (s + 1) * F);
    // The second's requests are the latency histogram's total (Poisson traffic, split by bin).
    const n = latencySplit.fill(rng, this.latency, (s + 1) * L);
    itemSplit.fill(rng, this.items, (s + 1) * K);
    featureSplit.fill(rng, this.feature, (s + 1) * F);
    const converted = rng.binomial(n, conversion);
    this.requests[s + 1] = this.requests[s]! + n;
    this.errors[s + 1] = this.errors[s]! + rng.binomial(n, errorRate);
    this.conversions[s + 1] = this.conversions[s]! + converted;
    this.nulls[s + 1] = this.nulls[s]! + rng.binomial(n, m.nullRate);
    if (this.kpi) this.feedBack(rng, s, n, converted, this.kpi);
    this.length = s + 1;
  }

  /** Schedules second `s`'s KPI events: a reporting share of its requests, spread over the delays. */
  private feedBack(rng: Rng, s: number, n: number, converted: number, kpi: KpiFeedback): void {
    // Reporting is independent of converting: the reporting converted and unconverted requests.
    let ones = rng.binomial(converted, kpi.share);
    let zeros = rng.binomial(n - converted, kpi.share);
    let events = ones + zeros;
    const span = kpi.maxDelaySec - kpi.minDelaySec;
    for (let j = 0; j < DELAY_SLOTS && events > 0; j++) {
      const left = DELAY_SLOTS - j;
      const o = j === DELAY_SLOTS - 1 ? ones : rng.binomial(ones, 1 / left);
      const z = j === DELAY_SLOTS - 1 ? zeros : rng.binomial(zeros, 1 / left);
      ones -= o;
      zeros -= z;
      events -= o + z;
      const at = s + kpi.minDelaySec + Math.round(((j + 0.5) * span) / DELAY_SLOTS);
      this.kpiArrivals[at]! += o + z;
      this.kpiArrivalSums[at]! += o;
    }
  }

  /** KPI events and their sum that arrived over seconds [a, b) (all requests report at once without feedback delay). */
  kpiOver(a: number, b: number): { n: number; sum: number } {
    if (!this.kpi)
      return { n: this.requests[b]! - this.requests[a]!, sum: this.conversions[b]! - this.conversions[a]! };
    let n = 0;
    let sum = 0;
    for (let s = a; s < b; s++) {
      n += this.kpiArrivals[s]!;
      sum += this.kpiArrivalSums[s]!;
    }
    return { n, sum };
  }

  /** Per-second quantile of latency in second `s` (for the per-interval peers). */
  quantileAt(s: number, q: number): number {
    const { L } = this;
    const total = this.requests[s + 1]! - this.requests[s]!;
    if (total <= 0) return Number.NaN;
    const rank = q * (total - 1);
    let acc = 0;
    for (let j = 0; j < L; j++) {
      acc += this.latency[(s + 1) * L + j]! - this.latency[s * L + j]!;
      if (acc > rank) return this.tables.grid.values[j]!;
    }
    return this.tables.grid.values[L - 1]!;
  }

  /** Item counts over seconds [a, b). */
  itemCounts(a: number, b: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.K; i++) out.push(this.items[b * this.K + i]! - this.items[a * this.K + i]!);
    return out;
  }

  featureCounts(a: number, b: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.F; i++) out.push(this.feature[b * this.F + i]! - this.feature[a * this.F + i]!);
    return out;
  }

  /** Total of a per-second series (requests, errors, …) over seconds [a, b). */
  sum(series: Float64Array, a: number, b: number): number {
    return series[b]! - series[a]!;
  }

  /**
   * The latency DDSketch of seconds [a, b), with its dense store filled directly from the grid's
   * precomputed keys: the same sketch `accept` would build, without a logarithm per bin.
   */
  private sketch(a: number, b: number): DDSketch {
    const sketch = new DDSketch({ relativeAccuracy: 0.01 });
    const { L } = this;
    const keys = this.tables.sketchKeys;
    const values = this.tables.grid.values;
    const lo = keys[0]!;
    const bins = new Array<number>(keys[L - 1]! - lo + 1).fill(0);
    let count = 0;
    let sum = 0;
    let first = -1;
    let last = -1;
    for (let j = 0; j < L; j++) {
      const c = this.latency[b * L + j]! - this.latency[a * L + j]!;
      if (c <= 0) continue;
      bins[keys[j]! - lo]! += c;
      count += c;
      sum += c * values[j]!;
      if (first < 0) first = j;
      last = j;
    }
    if (count === 0) return sketch;
    const store = sketch.store;
    store.bins = bins;
    store.offset = lo;
    store.minKey = keys[first]!;
    store.maxKey = keys[last]!;
    store.count = count;
    sketch.count = count;
    sketch.sum = sum;
    sketch.min = values[first]!;
    sketch.max = values[last]!;
    return sketch;
  }

  /** A ReleaseWindow over seconds [a, b) of this release, as the gateway's telemetry would return it. */
  window(model: string, from: number, to: number, a: number, b: number): ReleaseWindow {
    a = Math.max(0, Math.min(a, this.length));
    b = Math.max(a, Math.min(b, this.length));
    const requests = this.sum(this.requests, a, b);
    const errors = this.sum(this.errors, a, b);
    const kpi = this.kpiOver(a, b);
    const nulls = this.sum(this.nulls, a, b);
    const sketch = this.sketch(a, b);
    const predictions = new Map<string, number>();
    this.itemCounts(a, b).forEach((c, i) => {
      if (c > 0) predictions.set(this.tables.itemNames[i]!, c);
    });
    return {
      model,
      release: this.release,
      from,
      to,
      requests,
      outcomes: {
        ok: requests - errors,
        clientError: 0,
        serverError: errors,
        timeout: 0,
        connectionError: 0,
        invalidResponse: 0,
      },
      latency: sketch,
      predictions,
      predictionResponses: requests,
      inputRows: requests,
      inputQuality: {
        feature: {
          missing: 0,
          nulls,
          wrongType: 0,
          histogram: { edges: [...FEATURE_EDGES], counts: this.featureCounts(a, b) },
        },
      },
      kpis: { conversion: { n: kpi.n, sum: kpi.sum, sumSq: kpi.sum } },
    };
  }
}
