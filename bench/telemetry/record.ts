/**
 * Cost of one TelemetryRecorder.record call with everything on: outcome, latency sketch,
 * 10 predicted items, 2 input rows checked against a 4-field schema with PSI histograms.
 * Run: npx tsx bench/telemetry/record.ts
 */
import { systemClock } from '../../src/core/clock.js';
import type { InputSchema } from '../../src/registry/schemas.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';
import type { RequestObservation } from '../../src/telemetry/types.js';

const schema: InputSchema = {
  fields: {
    age: { type: 'number', required: true, nullable: false },
    score: { type: 'number', required: true, nullable: false },
    country: { type: 'string', required: true, nullable: false },
    premium: { type: 'boolean', required: false, nullable: true },
  },
};
const telemetry = createTelemetry({ clock: systemClock, schemas: () => schema, samples: { rate: 0.01 } });

const makeObservations = (catalogue: number): RequestObservation[] =>
  Array.from({ length: 1024 }, (_, i) => ({
    model: 'recsys',
    release: i % 20 === 0 ? 'v2' : 'v1',
    region: 'eu',
    at: 0,
    outcome: 'ok',
    latencyMs: 1 + (i % 97) / 7,
    predictions: Array.from({ length: 10 }, (_, k) => `item${(i * 31 + k * 7) % catalogue}`),
    inputs: [
      { age: i % 90, score: (i % 100) / 100, country: 'de', premium: i % 2 === 0 },
      { age: null, score: 0.5, country: 'fr' },
    ],
  }));

function run(n: number, observations: RequestObservation[]): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const o = observations[i & 1023]!;
    o.at = Date.now();
    telemetry.record(o);
    if (telemetry.shouldSample())
      telemetry.recordSample({
        model: o.model,
        release: o.release,
        at: o.at,
        request: { headers: { authorization: 'x' }, body: { instances: o.inputs } },
        response: { body: { predictions: o.predictions } },
        status: 200,
        latencyMs: o.latencyMs,
      });
  }
  return Number(process.hrtime.bigint() - start) / n;
}

const median = (observations: RequestObservation[]): number => {
  run(50_000, observations); // warm up
  return [run(300_000, observations), run(300_000, observations), run(300_000, observations)].sort(
    (a, b) => a - b,
  )[1]!;
};
const small = median(makeObservations(500));
// Over 1,000 distinct items per second the frequency sketch prunes: the worst case.
const huge = median(makeObservations(50_000));
const bare = createTelemetry({ clock: systemClock, schemas: () => undefined });
const plain: RequestObservation = {
  model: 'recsys',
  release: 'v1',
  region: 'eu',
  at: 0,
  outcome: 'ok',
  latencyMs: 3,
};
let start = process.hrtime.bigint();
for (let i = 0; i < 300_000; i++) {
  plain.at = Date.now();
  bare.record(plain);
}
start = process.hrtime.bigint() - start;
console.log(
  `record(), all on (10 items from 500, 2 rows x 4 fields, 1 % samples): ${small.toFixed(0)} ns/call`,
);
console.log(`record(), all on, 10 items from 50,000 (sketch pruning): ${huge.toFixed(0)} ns/call`);
console.log(`record(), outcome + latency only: ${(Number(start) / 300_000).toFixed(0)} ns/call`);
