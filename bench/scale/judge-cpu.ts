/**
 * The judges' CPU per look, apart from the controller, its store and the telemetry's merging:
 * N canaries fed the scale bench's synthetic telemetry (synthetic-telemetry.ts), each judged on
 * every simulated second from `age` seconds into its step, as the controller's tick judges it.
 * Only `judge.evaluate` and `judge.snapshot` are timed (CPU, process.cpuUsage); the windows are
 * read before. Prints one JSON line: CPU per look and a digest of every reading and state, so two
 * builds of the judges can be compared on the same looks (equal digests: equal decisions and
 * messages, and p-values and states equal to 10 significant digits).
 * Usage: judge-cpu.ts [--models 20] [--age 60] [--warmup 10] [--looks 30] [--only diversity]
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createJudge } from '../../src/analysis/create-judge.js';
import type { Decision, JudgeInput } from '../../src/analysis/judge.js';
import { readWindowsNow, WindowsNeeded } from '../../src/analysis/metric-windows.js';
import { ManualClock } from '../../src/core/clock.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { TRIGGERS } from '../recovery/scenarios.js';
import { syntheticFeed } from './synthetic-telemetry.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '20' },
    age: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    looks: { type: 'string', default: '30' },
    only: { type: 'string' },
  },
});
const n = Number(values.models);
const ageSec = Number(values.age);
const warmup = Number(values.warmup);
const looks = Number(values.looks);
const triggers = values.only ? TRIGGERS.filter((t) => t.includes(values.only!)) : TRIGGERS;

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const telemetry = createTelemetry({ clock, schemas: () => undefined });
const models = Array.from({ length: n }, (_, i) => ({
  model: `m${i}`,
  baseline: `m${i}-v1`,
  candidate: `m${i}-v2`,
}));
const feed = syntheticFeed(models);
const since = clock.now();
const second = (): void => {
  feed.feed(telemetry, Math.floor(clock.now() / 1000));
  clock.advance(1000);
};
for (let s = 0; s < ageSec; s++) second();

/** Numbers to 10 significant digits: a sum taken in another order may differ in its last bits. */
const rounded = (_key: string, value: unknown): unknown =>
  typeof value === 'number' ? Number(value.toPrecision(10)) : value;

const judges = models.map(() => createJudge({ triggers }));
const digest = createHash('sha256');
let cpuMicros = 0;
for (let look = 0; look < warmup + looks; look++) {
  second();
  for (const [i, m] of models.entries()) {
    const input: JudgeInput = { ...m, candidateShare: 0.05, now: clock.now(), since };
    const judge = judges[i]!;
    let windows = readWindowsNow(telemetry, judge.needs(input));
    let decision: Decision | undefined;
    // As the controller: a look the data leads to a window not fetched reads it and looks again
    // (the attempt that asked for it counts: the controller pays it too).
    while (!decision) {
      const t0 = process.cpuUsage();
      try {
        decision = judge.evaluate(input, windows);
      } catch (error) {
        if (!(error instanceof WindowsNeeded)) throw error;
        windows = readWindowsNow(telemetry, error.requests, windows);
      }
      const t = process.cpuUsage(t0);
      if (look >= warmup) cpuMicros += t.user + t.system;
    }
    const t0 = process.cpuUsage();
    const snapshot = judge.snapshot();
    const t = process.cpuUsage(t0);
    if (look >= warmup) cpuMicros += t.user + t.system;
    digest.update(JSON.stringify(decision.readings, rounded)).update(JSON.stringify(snapshot, rounded));
  }
}
console.log(
  JSON.stringify({
    models: n,
    ageSec,
    looks,
    triggers,
    cpuPerLookMs: cpuMicros / 1000 / (n * looks),
    digest: digest.digest('hex').slice(0, 16),
  }),
);
