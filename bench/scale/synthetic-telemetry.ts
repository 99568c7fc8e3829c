/**
 * Gateway telemetry for many models without a gateway: one-second buckets recorded once from
 * synthetic requests (475 req/s on the baseline, 25 on a 5 % canary, the same distributions:
 * lognormal latency around 20 ms, 0.3 % errors, Zipf-distributed predicted items), then imported for every model and
 * second — the same path a control plane takes when it merges the buckets its gateways export.
 */
import { ManualClock } from '../../src/core/clock.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import type { Telemetry } from '../../src/telemetry/index.js';
import type { SerializedBucket } from '../../src/telemetry/index.js';

/** Distinct seconds per release, cycled; 40 × 25 canary requests hold exactly 3 errors (0.3 %). */
const VARIANTS = 40;
const ERROR_RATE = 0.003;
const ITEMS = 2000;

export interface SyntheticFeed {
  /** Imports second `sec` (epoch seconds) for every model's baseline and candidate. */
  feed(telemetry: Telemetry, sec: number): number;
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function templates(requests: number, seed: number): SerializedBucket[] {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const scratch = createTelemetry({ clock, schemas: () => undefined });
  const r = random(seed);
  // Zipf(1) over the catalogue by inversion of the cumulative weights.
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 1; i <= ITEMS; i += 1) cumulative.push((total += 1 / i));
  const item = (): string => {
    const u = r() * total;
    let lo = 0;
    let hi = ITEMS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return `item-${lo}`;
  };
  const start = clock.now();
  let k = 0;
  for (let v = 0; v < VARIANTS; v += 1) {
    for (let i = 0; i < requests; i += 1, k += 1) {
      const normal = (r() + r() + r() + r() + r() + r() - 3) * Math.SQRT2;
      // Evenly spaced errors: both releases fail at exactly the same rate over a cycle (an A/A pair).
      const failed = Math.floor((k + 1) * ERROR_RATE) > Math.floor(k * ERROR_RATE);
      scratch.record({
        model: 'm',
        release: 'r',
        region: 'eu',
        at: start + v * 1000 + Math.floor((i * 1000) / requests),
        outcome: failed ? 'serverError' : 'ok',
        latencyMs: 20 * Math.exp(0.35 * normal),
        predictions: failed ? undefined : [item()],
      });
    }
  }
  clock.advance(VARIANTS * 1000 + 1000);
  return scratch.exportBuckets(0).buckets;
}

export function syntheticFeed(
  models: { model: string; baseline: string; candidate: string }[],
): SyntheticFeed {
  const baseline = templates(475, 1);
  const candidate = templates(25, 2);
  return {
    feed(telemetry, sec) {
      const batch: SerializedBucket[] = [];
      for (const [i, m] of models.entries()) {
        const b = baseline[(sec + i) % baseline.length]!;
        const c = candidate[(sec + i) % candidate.length]!;
        batch.push({ ...b, model: m.model, release: m.baseline, sec });
        batch.push({ ...c, model: m.model, release: m.candidate, sec });
      }
      telemetry.importBuckets(batch);
      return batch.length;
    },
  };
}
