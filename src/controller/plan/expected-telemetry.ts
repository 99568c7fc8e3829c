/**
 * A telemetry reader that returns, for any span, the windows a release would record on average:
 * requests, errors, KPI moments and a latency sketch at their expected values for the span's
 * length. Fed to the real judges, it shows the path their evidence takes under a stated
 * regression (the median path, since the tests' statistics sit near their expectation), with
 * every rule of the judge applied: minimums, `for`, checkpoints, the alpha split.
 */
import { DDSketch } from '@datadog/sketches-js';
import { normalQuantile } from '../../stats/normal.js';
import type { ReleaseWindow, TelemetryReader } from '../../telemetry/types.js';

/** What one release serves, per second. */
export interface ArmProfile {
  requestsPerSecond: number;
  errorRate: number;
  /** Lognormal latency: median in ms and log-sd. */
  latencyMedianMs: number;
  latencySigma: number;
  /** KPI events per request and their mean (binary KPIs: the rate, e.g. conversion 0.1). */
  kpis: Record<string, { perRequest: number; mean: number }>;
}

/** Latency points per window: the sketch holds the distribution's quantiles at equal weight. */
const LATENCY_POINTS = 1000;

function latencySketch(arm: ArmProfile | undefined, requests: number): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  if (!arm || requests <= 0) return sketch;
  const weight = requests / LATENCY_POINTS;
  for (let i = 0; i < LATENCY_POINTS; i += 1) {
    const z = normalQuantile((i + 0.5) / LATENCY_POINTS);
    sketch.accept(arm.latencyMedianMs * Math.exp(arm.latencySigma * z), weight);
  }
  return sketch;
}

export function expectedTelemetry(arms: Record<string, ArmProfile>): TelemetryReader {
  const window = (query: { model: string; release: string; from: number; to: number }): ReleaseWindow => {
    const arm = arms[query.release];
    const seconds = Math.max(0, query.to - query.from) / 1000;
    const requests = arm ? Math.round(arm.requestsPerSecond * seconds) : 0;
    const errors = arm ? Math.round(requests * arm.errorRate) : 0;
    let sketch: DDSketch | undefined;
    const kpis: ReleaseWindow['kpis'] = {};
    for (const [name, kpi] of Object.entries(arm?.kpis ?? {})) {
      const n = Math.round(requests * kpi.perRequest);
      // Binary KPIs (0/1) have sumSq = sum; others are taken as Bernoulli-like too: variance m(1 - m).
      kpis[name] = { n, sum: n * kpi.mean, sumSq: n * kpi.mean };
    }
    return {
      model: query.model,
      release: query.release,
      from: query.from,
      to: query.to,
      requests,
      outcomes: {
        ok: requests - errors,
        clientError: 0,
        serverError: errors,
        timeout: 0,
        connectionError: 0,
      },
      // Built when a latency trigger reads it: most looks of most plans never do.
      get latency() {
        return (sketch ??= latencySketch(arm, requests));
      },
      predictions: new Map(),
      predictionResponses: 0,
      inputRows: 0,
      inputQuality: {},
      kpis,
    };
  };
  return {
    window,
    series: (query) => {
      const out: ReleaseWindow[] = [];
      for (let from = query.from; from < query.to; from += query.stepMs)
        out.push(window({ ...query, from, to: Math.min(query.to, from + query.stepMs) }));
      return out;
    },
  };
}
