import { describe, expect, it } from 'vitest';

import { ManualClock } from '../core/clock.js';
import { createTelemetry } from './create-telemetry.js';
import { metricsHandler } from './metrics-handler.js';

/** Minimal Prometheus text parser: every non-comment line must be `name{labels} value`. */
function parse(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

describe('metricsHandler', () => {
  it('exposes one series per model/release/region', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const telemetry = createTelemetry({
      clock,
      schemas: () => ({ fields: { age: { type: 'number', required: true, nullable: false } } }),
    });
    for (let i = 0; i < 100; i++) {
      telemetry.record({
        model: 'recsys',
        release: i % 10 ? 'v1' : 'v2',
        region: 'eu',
        at: clock.now(),
        outcome: i % 20 ? 'ok' : 'serverError',
        latencyMs: i + 1,
        predictions: i % 10 ? [`i${i % 13}`] : ['same'],
        inputs: [{ age: i % 3 ? 1 : null }],
      });
    }
    telemetry.recordShadow('recsys', 'v3', 'mirrored');
    const handler = metricsHandler(telemetry);
    expect(handler.contentType).toContain('text/plain');
    const rows = parse(await handler.body());
    const find = (name: string, labels: Record<string, string>) =>
      rows.find((r) => r.name === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v));

    expect(find('ripcord_requests_total', { release: 'v1', outcome: 'ok' })!.value).toBe(90);
    expect(find('ripcord_requests_total', { release: 'v2', outcome: 'serverError' })!.value).toBe(5);
    // Latencies 1..100 ms: v2 got i = 0, 10, ..., 90 (latency 1, 11, ..., 91 ms).
    expect(find('ripcord_request_duration_seconds_bucket', { release: 'v2', le: '0.01' })!.value).toBe(1);
    expect(find('ripcord_request_duration_seconds_bucket', { release: 'v2', le: '0.05' })!.value).toBe(5);
    expect(find('ripcord_request_duration_seconds_bucket', { release: 'v2', le: '+Inf' })!.value).toBe(10);
    expect(find('ripcord_request_duration_seconds_count', { release: 'v2' })!.value).toBe(10);
    expect(find('ripcord_request_duration_seconds_sum', { release: 'v2' })!.value).toBeCloseTo(0.46, 6);
    expect(find('ripcord_prediction_entropy', { release: 'v2' })!.value).toBe(0);
    expect(find('ripcord_prediction_entropy', { release: 'v1' })!.value).toBeGreaterThan(0.9);
    expect(find('ripcord_prediction_top_item_share', { release: 'v2' })!.value).toBe(1);
    // Counters, not ratios: rows and their nulls add up across gateways.
    expect(find('ripcord_input_rows_total', { release: 'v1' })!.value).toBe(90);
    expect(find('ripcord_input_field_nulls_total', { release: 'v1', field: 'age' })!.value).toBe(30);
    expect(find('ripcord_input_field_missing_total', { release: 'v1', field: 'age' })!.value).toBe(0);
    expect(find('ripcord_input_field_wrong_type_total', { release: 'v1', field: 'age' })!.value).toBe(0);
    // age is not nullable: its nulls break the schema.
    expect(find('ripcord_input_schema_mismatch_rows_total', { release: 'v1' })!.value).toBe(30);
    expect(find('ripcord_shadow_events_total', { release: 'v3', event: 'mirrored' })!.value).toBe(1);
  });

  it('counts imported buckets (workers, remote gateways) like local requests, latency from the sketch', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const schemas = () => ({ fields: { age: { type: 'number' as const, required: true, nullable: false } } });
    const worker = createTelemetry({ clock, schemas });
    const primary = createTelemetry({ clock, schemas });
    for (let i = 0; i < 50; i++)
      worker.record({
        model: 'recsys',
        release: 'v1',
        region: 'eu',
        at: clock.now(),
        outcome: 'ok',
        latencyMs: i < 40 ? 3 : 300,
        inputs: [{ age: i % 5 ? 'x' : 1 }],
      });
    clock.advance(2000);
    primary.importBuckets(worker.exportBuckets(0));
    const [local, imported] = [await metricsHandler(worker).body(), await metricsHandler(primary).body()];
    const pick = (text: string) =>
      parse(text)
        .filter((r) => /request_duration|input_/.test(r.name))
        .map(
          (r) =>
            `${r.name}${JSON.stringify(r.labels)} ${r.name.endsWith('_sum') ? r.value.toFixed(1) : r.value}`,
        );
    expect(pick(imported)).toEqual(pick(local));
    expect(pick(imported)).toContain(
      'ripcord_input_field_wrong_type_total{"model":"recsys","release":"v1","region":"eu","field":"age"} 40',
    );
  });
});
