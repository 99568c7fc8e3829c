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
    expect(
      find('ripcord_latency_ms', { release: 'v1', region: 'eu', quantile: '0.99' })!.value,
    ).toBeGreaterThan(90);
    expect(find('ripcord_prediction_entropy', { release: 'v2' })!.value).toBe(0);
    expect(find('ripcord_prediction_entropy', { release: 'v1' })!.value).toBeGreaterThan(0.9);
    expect(find('ripcord_prediction_top_item_share', { release: 'v2' })!.value).toBe(1);
    expect(find('ripcord_input_null_rate', { release: 'v1', field: 'age' })!.value).toBeCloseTo(30 / 90, 6);
    expect(find('ripcord_input_missing_rate', { release: 'v1', field: 'age' })!.value).toBe(0);
    // age is not nullable: its nulls break the schema.
    expect(find('ripcord_input_schema_mismatch_rate', { release: 'v1' })!.value).toBeCloseTo(30 / 90, 6);
    expect(find('ripcord_shadow_events_total', { release: 'v3', event: 'mirrored' })!.value).toBe(1);
  });
});
