/**
 * Two releases' telemetry simulated second by second, read back through the TelemetryReader
 * contract: counts and latency-sketch bins are kept as running totals, so any window or
 * per-second series is a difference of two rows (fast enough for hundreds of releases per test).
 */
import { DDSketch } from '@datadog/sketches-js';

import { normalCdf, type Random } from '../../src/stats/index.js';
import type { ReleaseWindow, TelemetryReader } from '../../src/telemetry/types.js';

/** How one release behaves in one second. */
export interface ArmSecond {
  /** Requests per second (Poisson). */
  rate: number;
  errorRate: number;
  /** Every latency multiplied by this (shared slowdowns, regressions). */
  latencyScale: number;
}

const MAPPING = new DDSketch({ relativeAccuracy: 0.01 }).mapping;
const MEDIAN_MS = 100;
const SIGMA = 0.4;
/** Sketch keys kept: latencies from ~5 ms to ~20 s. */
const KEY_LO = MAPPING.key(5);
const KEY_HI = MAPPING.key(20_000);
const KEYS = KEY_HI - KEY_LO + 1;

/** The value each kept key stands for. */
const VALUES = Float64Array.from({ length: KEYS }, (_, j) => MAPPING.value(j + KEY_LO));
const CDFS = new Map<number, Float64Array>();

/** P(key ≤ KEY_LO + j) for a lognormal latency scaled by `scale`: the sketch key a request lands in. */
function keyCdf(scale: number): Float64Array {
  let cdf = CDFS.get(scale);
  if (!cdf) {
    const mu = Math.log(MEDIAN_MS * scale);
    const logGamma = Math.log(MAPPING.gamma);
    // key(v) = ceil(log_gamma v): key k holds (gamma^(k−1), gamma^k].
    cdf = Float64Array.from({ length: KEYS }, (_, j) => normalCdf(((j + KEY_LO) * logGamma - mu) / SIGMA));
    cdf[KEYS - 1] = 1;
    CDFS.set(scale, cdf);
  }
  return cdf;
}

function drawKey(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Arm {
  readonly requests: Float64Array;
  readonly errors: Float64Array;
  readonly bins: Float64Array;

  constructor(readonly seconds: number) {
    this.requests = new Float64Array(seconds + 1);
    this.errors = new Float64Array(seconds + 1);
    this.bins = new Float64Array((seconds + 1) * KEYS);
  }

  fill(s: number, how: ArmSecond, random: Random): void {
    const n = random.poisson(how.rate);
    this.requests[s + 1] = this.requests[s]! + n;
    this.errors[s + 1] = this.errors[s]! + random.binomial(n, how.errorRate);
    this.bins.copyWithin((s + 1) * KEYS, s * KEYS, (s + 1) * KEYS);
    const cdf = keyCdf(how.latencyScale);
    for (let i = 0; i < n; i++) this.bins[(s + 1) * KEYS + drawKey(cdf, random.next())]! += 1;
  }

  window(model: string, release: string, from: number, to: number, a: number, b: number): ReleaseWindow {
    a = Math.max(0, Math.min(a, this.seconds));
    b = Math.max(a, Math.min(b, this.seconds));
    const requests = this.requests[b]! - this.requests[a]!;
    const errors = this.errors[b]! - this.errors[a]!;
    let latency: DDSketch | undefined;
    const build = (): DDSketch => this.sketchOf(a, b);
    return {
      model,
      release,
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
      // Built when read: error-rate triggers never do.
      get latency() {
        return (latency ??= build());
      },
      predictions: new Map(),
      predictionResponses: 0,
      inputRows: 0,
      inputQuality: {},
      kpis: {},
    };
  }

  private sketchOf(a: number, b: number): DDSketch {
    const sketch = new DDSketch({ relativeAccuracy: 0.01 });
    const row = (j: number): number => this.bins[b * KEYS + j]! - this.bins[a * KEYS + j]!;
    let first = 0;
    while (first < KEYS && row(first) <= 0) first++;
    if (first === KEYS) return sketch;
    let last = KEYS - 1;
    while (row(last) <= 0) last--;
    const bins = new Array<number>(last - first + 1);
    let count = 0;
    let sum = 0;
    for (let j = first; j <= last; j++) {
      const c = row(j);
      bins[j - first] = c;
      count += c;
      sum += c * VALUES[j]!;
    }
    const store = sketch.store;
    store.bins = bins;
    store.offset = first + KEY_LO;
    store.minKey = first + KEY_LO;
    store.maxKey = last + KEY_LO;
    store.count = count;
    sketch.count = count;
    sketch.sum = sum;
    sketch.min = VALUES[first]!;
    sketch.max = VALUES[last]!;
    return sketch;
  }
}

/** A candidate and a baseline over `seconds` from `startMs`; second s covers [start + s·1000, +1000). */
export class SimulatedReleases implements TelemetryReader {
  private readonly arms: Record<string, Arm>;

  constructor(
    readonly startMs: number,
    readonly seconds: number,
  ) {
    this.arms = { candidate: new Arm(seconds), baseline: new Arm(seconds) };
  }

  /** Simulates second `s` of both releases (call in order, s = 0, 1, …). */
  step(s: number, candidate: ArmSecond, baseline: ArmSecond, random: Random): void {
    this.arms.candidate!.fill(s, candidate, random);
    this.arms.baseline!.fill(s, baseline, random);
  }

  window(q: { model: string; release: string; from: number; to: number }): ReleaseWindow {
    const arm = this.arms[q.release];
    if (!arm) throw new Error(`unknown release ${q.release}`);
    const a = Math.ceil((q.from - this.startMs) / 1000);
    const b = Math.ceil((q.to - this.startMs) / 1000);
    return arm.window(q.model, q.release, q.from, q.to, a, b);
  }

  series(q: { model: string; release: string; from: number; to: number; stepMs: number }): ReleaseWindow[] {
    const out: ReleaseWindow[] = [];
    for (let t = q.from; t < q.to; t += q.stepMs)
      out.push(this.window({ ...q, from: t, to: Math.min(q.to, t + q.stepMs) }));
    return out;
  }
}
