/**
 * The Prometheus MetricProvider against a real Prometheus: the shared contract over data backfilled
 * at exact timestamps (`promtool tsdb create-blocks-from openmetrics`, then Prometheus started on
 * the blocks), and windows that carry outcomes, the latency histogram and input quality.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runMetricProviderContract } from '../../src/analysis/providers/metric-provider.contract.js';
import type { MetricProvider } from '../../src/analysis/providers/metric-provider.js';
import { prometheusProvider } from '../../src/analysis/providers/prometheus/prometheus-provider.js';
import { LATENCY_BOUNDS_SECONDS } from '../../src/telemetry/stream-counters.js';
import { prometheusTool, promtoolTool, startPrometheus, type RunningPrometheus } from './prometheus-kit.js';

interface Recorded {
  release: string;
  at: number;
  requests: number;
  latencyMs: number;
  outcome?: string;
  nullAges?: number;
}

/** OpenMetrics text of cumulative counters after each recorded second, as a gateway would export them. */
function openMetrics(records: Recorded[]): string {
  const lines = {
    requests: [] as string[],
    duration: [] as string[],
    rows: [] as string[],
    nulls: [] as string[],
  };
  const byRelease = new Map<string, Recorded[]>();
  for (const r of [...records].sort((a, b) => a.at - b.at))
    byRelease.set(r.release, [...(byRelease.get(r.release) ?? []), r]);
  for (const [release, list] of byRelease) {
    const base = `model="recsys",release="${release}",region="eu"`;
    const outcomes = new Map<string, number>();
    const buckets = new Array<number>(LATENCY_BOUNDS_SECONDS.length + 1).fill(0);
    let count = 0;
    let sum = 0;
    let rows = 0;
    let nulls = 0;
    const perOutcome = new Map<string, string[]>();
    const perBucket: string[][] = buckets.map(() => []);
    const totals: string[] = [];
    for (const r of list) {
      const ts = (r.at / 1000).toFixed(3);
      const outcome = r.outcome ?? 'ok';
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + r.requests);
      const slot = LATENCY_BOUNDS_SECONDS.findIndex((b) => r.latencyMs / 1000 <= b);
      buckets[slot < 0 ? buckets.length - 1 : slot]! += r.requests;
      count += r.requests;
      sum += (r.latencyMs / 1000) * r.requests;
      rows += r.requests;
      nulls += r.nullAges ?? 0;
      for (const [o, n] of outcomes)
        (perOutcome.get(o) ?? perOutcome.set(o, []).get(o)!).push(
          `ripcord_requests_total{${base},outcome="${o}"} ${n} ${ts}`,
        );
      let cumulative = 0;
      buckets.forEach((n, i) => {
        cumulative += n;
        const le = i < LATENCY_BOUNDS_SECONDS.length ? String(LATENCY_BOUNDS_SECONDS[i]) : '+Inf';
        perBucket[i]!.push(`ripcord_request_duration_seconds_bucket{${base},le="${le}"} ${cumulative} ${ts}`);
      });
      totals.push(`${count} ${sum} ${ts}`);
      lines.rows.push(`ripcord_input_rows_total{${base}} ${rows} ${ts}`);
      lines.nulls.push(`ripcord_input_field_nulls_total{${base},field="age"} ${nulls} ${ts}`);
    }
    for (const l of perOutcome.values()) lines.requests.push(...l);
    for (const l of perBucket) lines.duration.push(...l);
    lines.duration.push(
      ...totals.map(
        (t) => `ripcord_request_duration_seconds_count{${base}} ${t.split(' ')[0]} ${t.split(' ')[2]}`,
      ),
    );
    lines.duration.push(
      ...totals.map(
        (t) => `ripcord_request_duration_seconds_sum{${base}} ${t.split(' ')[1]} ${t.split(' ')[2]}`,
      ),
    );
  }
  return [
    '# TYPE ripcord_requests counter',
    ...lines.requests,
    '# TYPE ripcord_request_duration_seconds histogram',
    ...lines.duration,
    '# TYPE ripcord_input_rows counter',
    ...lines.rows,
    '# TYPE ripcord_input_field_nulls counter',
    ...lines.nulls,
    '# EOF',
    '',
  ].join('\n');
}

/** A Prometheus holding exactly `records`, rebuilt (blocks, then a fresh start) when they change. */
function backfilled() {
  const records: Recorded[] = [];
  let running: RunningPrometheus | undefined;
  let dir: string | undefined;
  let dirty = true;
  let broken = false;
  const fresh = async (): Promise<string> => {
    if (!dirty && running) return running.url;
    await running?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'ripcord-backfill-'));
    if (records.length > 0) {
      writeFileSync(join(dir, 'data.om'), openMetrics(records));
      execFileSync(
        promtoolTool.path!,
        ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'data.om'), join(dir, 'tsdb')],
        {
          stdio: 'pipe',
        },
      );
    }
    running = await startPrometheus({ targets: [], dataDir: join(dir, 'tsdb') });
    dirty = false;
    return running.url;
  };
  const provider = (): MetricProvider => {
    const at = async () =>
      prometheusProvider({ address: broken ? 'http://127.0.0.1:9' : await fresh(), timeoutMs: 2000 });
    return {
      name: 'prometheus',
      window: async (q) => (await at()).window(q),
      series: async (q) => (await at()).series(q),
    };
  };
  return {
    records,
    provider,
    record(r: Recorded) {
      records.push(r);
      dirty = true;
    },
    breakReads() {
      broken = true;
    },
    async close() {
      await running?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A whole minute about an hour ago: inside the default retention, outside the head block. */
const anHourAgo = () => Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

describe.skipIf(prometheusTool.skip || promtoolTool.skip)('Prometheus provider', () => {
  runMetricProviderContract('prometheus', () => {
    const b = backfilled();
    return Promise.resolve({
      subject: b.provider(),
      start: anHourAgo(),
      record: (release, at, requests, latencyMs) => b.record({ release, at, requests, latencyMs }),
      breakReads: () => b.breakReads(),
      close: () => b.close(),
    });
  });

  it('reads outcomes, the latency histogram and input quality into one window', async () => {
    const b = backfilled();
    const start = anHourAgo();
    try {
      b.record({ release: 'v2', at: start + 1000, requests: 90, latencyMs: 30 });
      b.record({
        release: 'v2',
        at: start + 2000,
        requests: 10,
        latencyMs: 700,
        outcome: 'serverError',
        nullAges: 4,
      });
      const w = await b
        .provider()
        .window({ model: 'recsys', release: 'v2', from: start, to: start + 10_000 });
      expect(w.requests).toBe(100);
      expect(w.outcomes).toMatchObject({ ok: 90, serverError: 10 });
      expect(w.latency.count).toBe(100);
      // Each request at its bucket's upper bound: 30 ms → 50 ms, 700 ms → 1 s.
      expect(w.latency.getValueAtQuantile(0.5)).toBeCloseTo(50, -0.5);
      expect(w.latency.getValueAtQuantile(0.95)).toBeGreaterThan(980);
      expect(w.inputRows).toBe(100);
      expect(w.inputQuality['age']).toMatchObject({ nulls: 4 });
      // A series splits the same counts by step.
      const steps = await b
        .provider()
        .series({ model: 'recsys', release: 'v2', from: start, to: start + 4000, stepMs: 2000 });
      expect(steps.map((s) => s.requests)).toEqual([90, 10]);
    } finally {
      await b.close();
    }
  }, 60_000);
});
