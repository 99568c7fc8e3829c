/**
 * Argo-style metric templates measured from a real Prometheus scraping an exporter the test
 * controls: the seed's prediction-diversity template passes at 0.73, fails past its failureLimit
 * once diversity collapses to 0.04, and a query with no data reads Inconclusive, not Failed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  compileTemplates,
  runMeasurements,
  type MetricTemplate,
  type RunState,
} from '../../src/analysis/measurements/metric-template.js';
import { prometheusMeasure } from '../../src/analysis/providers/prometheus/prometheus-measure.js';
import { ValidationError } from '../../src/core/errors.js';
import { prometheusTool, sleep, startPrometheus, type RunningPrometheus } from './prometheus-kit.js';

describe.skipIf(prometheusTool.skip)('metric templates from Prometheus', () => {
  let diversity = 0.73;
  let exporter: Server;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    exporter = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        '# HELP model_prediction_diversity Diversity.\n# TYPE model_prediction_diversity gauge\n' +
          `model_prediction_diversity{model="recommendation-model",version="v2"} ${diversity}\n`,
      );
    });
    await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
    const { port } = exporter.address() as AddressInfo;
    prometheus = await startPrometheus({ targets: [{ job: 'model', url: `http://127.0.0.1:${port}` }] });
    await prometheus.waitFor('model_prediction_diversity', (r) => r.length === 1);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.close();
    await new Promise((resolve) => exporter?.close(resolve));
  });

  const template = (extra: Partial<MetricTemplate>): MetricTemplate => ({
    name: 'prediction-diversity',
    provider: {
      prometheus: {
        address: prometheus.url,
        query: 'model_prediction_diversity{model="recommendation-model", version="v2"}',
      },
    },
    interval: '1s',
    count: 5,
    successCondition: 'result[0] >= 0.60',
    failureLimit: 1,
    ...extra,
  });

  it('passes while diversity holds and fails past failureLimit once it collapses', async () => {
    const compiled = compileTemplates([template({})]);
    const measure = prometheusMeasure();
    let state: RunState | undefined;
    let now = Date.now();
    ({ state } = await runMeasurements(compiled, state, now, measure));
    expect(state.results[0]!.successful).toBe(1);
    diversity = 0.04;
    await prometheus.waitFor('model_prediction_diversity', (r) => r[0]?.value === 0.04);
    let status;
    for (let i = 0; i < 2; i++) {
      now += 1000;
      await sleep(Math.max(0, now - Date.now()));
      ({ state, status } = await runMeasurements(compiled, state, now, measure));
    }
    expect(state.results[0]!.failed).toBe(2);
    expect(status!.phase).toBe('Failed');
    expect(status!.message).toContain('prediction-diversity');
  }, 30_000);

  it('reads "no data" as Inconclusive and an unreachable Prometheus as Error', async () => {
    const noData = compileTemplates([
      template({
        name: 'absent',
        provider: { prometheus: { address: prometheus.url, query: 'nothing_here' } },
      }),
    ]);
    const { status } = await runMeasurements(noData, undefined, Date.now(), prometheusMeasure());
    expect(status.phase).toBe('Inconclusive');

    const down = compileTemplates([
      template({
        name: 'down',
        consecutiveErrorLimit: 0,
        provider: { prometheus: { address: 'http://127.0.0.1:9', query: 'up' } },
      }),
    ]);
    const failed = await runMeasurements(down, undefined, Date.now(), prometheusMeasure({ timeoutMs: 1000 }));
    expect(failed.status.phase).toBe('Error');
    expect(failed.state.results[0]!.measurements[0]!.message).toContain(
      'prometheus: cannot read metric down',
    );
  });

  it('refuses a condition that does not parse, naming the field', () => {
    expect(() => compileTemplates([template({ successCondition: 'result[0] >=' })])).toThrow(ValidationError);
    expect(() => compileTemplates([template({ successCondition: 'result[0] >=' })])).toThrow(
      /spec\.analysis\.metrics\[0\]\.successCondition/,
    );
  });
});
