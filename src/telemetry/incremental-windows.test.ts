import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { createTelemetry, type Telemetry } from './create-telemetry.js';
import type { ReleaseWindow } from './types.js';

/** Deterministic uniform [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

type Query = { model: string; release: string; from: number; to: number; region?: string };

/** The window merged from every one-second bucket, as `series` still reads them (no cache, no roll-ups). */
function bruteForce(telemetry: Telemetry, q: Query): ReleaseWindow | undefined {
  if (q.to <= q.from) return undefined;
  return telemetry.series({ ...q, stepMs: q.to - q.from })[0];
}

function summary(w: ReleaseWindow): unknown {
  return {
    requests: w.requests,
    outcomes: w.outcomes,
    latencyCount: w.latency.count,
    p50: w.latency.count > 0 ? w.latency.getValueAtQuantile(0.5) : null,
    p95: w.latency.count > 0 ? w.latency.getValueAtQuantile(0.95) : null,
    max: w.latency.count > 0 ? w.latency.max : null,
    predictions: Object.fromEntries([...w.predictions].sort(([a], [b]) => a.localeCompare(b))),
    predictionResponses: w.predictionResponses,
    kpis: w.kpis,
  };
}

/** Every field of a window a reader can see. */
function whole(w: ReleaseWindow): unknown {
  return {
    ...(summary(w) as object),
    from: w.from,
    to: w.to,
    region: w.region,
    inputRows: w.inputRows,
    inputMismatchRows: w.inputMismatchRows,
    inputQuality: w.inputQuality,
  };
}

const REGIONS = ['eu', 'us', 'ap'];
const RELEASES = ['v1', 'v2'];

function scenario(seed: number, windowSeconds: number, secondsKept: number) {
  const r = random(seed);
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 0));
  const local = createTelemetry({ clock, windowSeconds, secondsKept, schemas: () => undefined });
  // A remote gateway whose closed seconds are imported a few seconds late.
  const remote = createTelemetry({ clock, windowSeconds, secondsKept, schemas: () => undefined });
  let exported = 0;
  const observe = (t: Telemetry, at: number): void => {
    const failed = r() < 0.05;
    t.record({
      model: 'm',
      release: RELEASES[Math.floor(r() * RELEASES.length)]!,
      region: REGIONS[Math.floor(r() * REGIONS.length)]!,
      at,
      outcome: failed ? 'serverError' : 'ok',
      latencyMs: 5 + r() * 200,
      predictions: failed ? undefined : [`item-${Math.floor(r() ** 3 * 40)}`],
    });
    if (r() < 0.1)
      t.recordKpi({
        model: 'm',
        release: 'v1',
        region: 'eu',
        at,
        metric: 'conversion',
        value: r() < 0.3 ? 1 : 0,
      });
  };
  const advance = (): void => {
    clock.advance(Math.floor(r() * 1600));
    const now = clock.now();
    for (let i = Math.floor(r() * 12); i > 0; i--) observe(local, now);
    for (let i = Math.floor(r() * 6); i > 0; i--) observe(remote, now);
    // Late writes: into seconds the cached windows and roll-ups already cover.
    if (r() < 0.3) observe(local, now - Math.floor(r() * 15_000));
    if (r() < 0.3) observe(local, now - Math.floor(r() * windowSeconds * 1000));
    if (r() < 0.25) {
      const batch = remote.exportBuckets(exported);
      exported = batch.next;
      local.importBuckets(JSON.parse(JSON.stringify(batch)) as typeof batch);
    }
  };
  return { r, clock, local, advance };
}

describe('incremental windows (cache and roll-ups)', () => {
  // Windows of 90 s keep every second; the others seal older minutes (read at their first second).
  for (const [seed, windowSeconds, secondsKept] of [
    [1, 3600, 120],
    [2, 90, 120],
    [3, 300, 20],
    [4, 600, 10],
  ] as const) {
    it(`equal a merge of every bucket across random records, late imports and clock moves (seed ${seed}, window ${windowSeconds} s, ${secondsKept} s per second)`, () => {
      const { r, clock, local, advance } = scenario(seed, windowSeconds, secondsKept);
      const start = clock.now();
      let since = start + 1500;
      const fixedSpan = { from: start + 10_000, to: start + 75_500 };
      for (let step = 0; step < 250; step++) {
        advance();
        const now = clock.now();
        if (r() < 0.02) since = now - Math.floor(r() * 20_000); // a rollout moves to a new step
        const queries: Query[] = [];
        for (const release of RELEASES) {
          for (const region of [undefined, ...REGIONS]) {
            const base = { model: 'm', release, ...(region === undefined ? {} : { region }) };
            queries.push({ ...base, from: since, to: now }); // since the step began
            queries.push({ ...base, from: now - 30_000, to: now }); // trigger `over 30s`
            queries.push({ ...base, from: fixedSpan.from, to: fixedSpan.to }); // fixed baseline span
          }
        }
        queries.push({ model: 'm', release: 'v1', from: start - 5000, to: now + 2000 }); // whole window
        queries.push({ model: 'm', release: 'v1', from: since, to: now - 3000 }); // ends before settled
        for (const q of queries) {
          if (q.to < q.from) continue;
          const got = local.window(q);
          const want = bruteForce(local, q);
          if (want) expect(summary(got), JSON.stringify(q)).toEqual(summary(want));
          else expect(got.requests).toBe(0);
          // The same read without predictions (its own cached window, read on some steps only, so it
          // catches up over several seconds at once): everything else equal, no predictions.
          if (r() < 0.5) {
            const lean = local.window({ ...q, predictions: false });
            const leanSeries = local.series({
              ...q,
              stepMs: Math.max(1, q.to - q.from),
              predictions: false,
            })[0];
            if (want) {
              expect(summary(lean), JSON.stringify(q)).toEqual({
                ...(summary(want) as object),
                predictions: {},
              });
              expect(summary(leanSeries!)).toEqual(summary(lean));
            } else expect(lean.requests).toBe(0);
          }
        }
        // The running blocked tests' read: the last seconds of one stream one by one (kept alone
        // when secondsKept allows, answered from their slots), each as the merged read of its second.
        const to = Math.floor(now / 1000) * 1000;
        const from = to - 12_000;
        for (const release of RELEASES)
          for (const region of REGIONS) {
            const q = { model: 'm', release, region, predictions: false };
            local.series({ ...q, from, to, stepMs: 1000 }).forEach((w, i) => {
              const one = local.window({ ...q, from: from + i * 1000, to: from + (i + 1) * 1000 });
              expect(whole(w), `${release} ${region} step ${i}`).toEqual(whole(one));
            });
          }
      }
    });
  }

  it('sees a late import into a second an earlier read already covered', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const local = createTelemetry({ clock, schemas: () => undefined });
    const remote = createTelemetry({ clock, schemas: () => undefined });
    const t0 = clock.now();
    const q = { model: 'm', release: 'v1', from: t0, to: t0 + 60_000 };
    const obs = { model: 'm', release: 'v1', region: 'eu', outcome: 'ok' as const, latencyMs: 10 };
    for (let s = 0; s < 30; s++) local.record({ ...obs, at: t0 + s * 1000 });
    remote.record({ ...obs, region: 'us', at: t0 + 5000, outcome: 'timeout' });
    remote.record({ ...obs, at: t0 + 7000, outcome: 'serverError' });
    clock.advance(30_000);
    // Read on three ticks so the window is cached and rolled up.
    for (let i = 0; i < 3; i++) {
      expect(local.window({ ...q, to: clock.now() }).requests).toBe(30);
      expect(local.window({ ...q, region: 'eu', to: clock.now() }).requests).toBe(30);
      clock.advance(1000);
    }
    local.importBuckets(remote.exportBuckets(0));
    const all = local.window({ ...q, to: clock.now() });
    expect(all.requests).toBe(32);
    expect(all.outcomes.timeout).toBe(1);
    expect(all.outcomes.serverError).toBe(1);
    expect(local.window({ ...q, region: 'eu', to: clock.now() }).requests).toBe(31);
    expect(local.window({ ...q, region: 'us', to: clock.now() }).requests).toBe(1);
  });

  it('stays within the heavy-hitter bound when pruned sketches merge in a different grouping', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const capacity = 20;
    const local = createTelemetry({ clock, schemas: () => undefined, itemCapacity: capacity });
    const r = random(11);
    const t0 = clock.now();
    const truth = new Map<string, number>();
    let n = 0;
    for (let s = 0; s < 200; s++) {
      for (let i = 0; i < 30; i++) {
        const item = `item-${Math.floor(r() ** 2 * 300)}`;
        truth.set(item, (truth.get(item) ?? 0) + 1);
        n++;
        local.record({
          model: 'm',
          release: 'v1',
          region: 'eu',
          at: clock.now(),
          outcome: 'ok',
          latencyMs: 1,
          predictions: [item],
        });
      }
      clock.advance(1000);
      local.window({ model: 'm', release: 'v1', from: t0, to: clock.now() });
    }
    const w = local.window({ model: 'm', release: 'v1', from: t0, to: clock.now() });
    expect(w.predictionResponses).toBe(n);
    let floor = 0;
    for (const [item, count] of w.predictions) {
      const t = truth.get(item) ?? 0;
      expect(count).toBeGreaterThanOrEqual(t);
      floor = Math.max(floor, count - t);
    }
    expect(floor).toBeLessThanOrEqual(n / capacity);
    for (const [item, count] of truth) if (count > n / capacity) expect(w.predictions.has(item)).toBe(true);
  });
});
