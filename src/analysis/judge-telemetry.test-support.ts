/** A judge's telemetry for tests: two arms recorded second by second on a manual clock. */
import { ManualClock } from '../core/clock.js';
import type { InputSchema } from '../registry/schemas.js';
import { createTelemetry, type Telemetry } from '../telemetry/create-telemetry.js';
import type { Outcome } from '../telemetry/types.js';
import type { ReaderLook } from './judge-look.js';

const schema: InputSchema = { fields: { age: { type: 'number', required: true, nullable: true } } };

/** Deterministic uniform stream so the tests never flake. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

export interface Arm {
  release: string;
  perSecond: number;
  latency?: (u: number) => number;
  errorRate?: number;
  conversion?: number;
  item?: (u: number) => string;
  age?: (u: number) => number | null;
}

export function setup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const telemetry: Telemetry = createTelemetry({
    clock,
    windowSeconds: 7200,
    schemas: () => schema,
    histogramEdges: () => [20, 30, 40, 50, 60],
  });
  const rand = lcg(7);
  /** Records one second of traffic for each arm, then moves the clock on. */
  function second(arms: Arm[]): void {
    for (const arm of arms)
      for (let i = 0; i < arm.perSecond; i++) {
        const outcome: Outcome = rand() < (arm.errorRate ?? 0.003) ? 'serverError' : 'ok';
        telemetry.record({
          model: 'recsys',
          release: arm.release,
          region: 'eu',
          at: clock.now(),
          outcome,
          latencyMs: (arm.latency ?? ((u) => 80 + 40 * u))(rand()),
          predictions: [(arm.item ?? ((u) => `item-${Math.floor(u * 50)}`))(rand())],
          inputs: [{ age: (arm.age ?? ((u) => 20 + 40 * u))(rand()) }],
        });
        if (arm.conversion !== undefined)
          telemetry.recordKpi({
            model: 'recsys',
            release: arm.release,
            region: 'eu',
            at: clock.now(),
            metric: 'conversion',
            value: rand() < arm.conversion ? 1 : 0,
          });
      }
    clock.advance(1000);
  }
  const input = (over: Partial<ReaderLook> = {}): ReaderLook => ({
    reader: telemetry,
    model: 'recsys',
    candidate: 'v2',
    baseline: 'v1',
    candidateShare: 0.5,
    now: clock.now(),
    since: start,
    ...over,
  });
  const start = clock.now();
  return { clock, telemetry, second, input, start };
}

export const healthy = (release: string, perSecond = 200): Arm => ({ release, perSecond });
