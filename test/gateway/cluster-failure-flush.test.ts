/**
 * `--workers`: a worker passes what it recorded to the primary (whose telemetry the judges read)
 * as deltas, the current second included, and a failed request within `failureFlushMs` (200 ms)
 * whatever the steady interval. Here the steady interval is a minute, so only the hurried flush
 * can bring the errors to the primary within the test; healthy requests wait for the minute.
 * Before, workers passed only seconds closed 2 s ago, on the steady interval.
 */
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BODY,
  client,
  jsonReply,
  model,
  policy,
  PREDICT,
  release,
  send,
  snapshot,
  startBackend,
  type TestBackend,
} from './kit.js';
import { startClusterProcess, type ClusterProcess } from './cluster-process.js';

let failing: TestBackend;
let healthy: TestBackend;
let cluster: ClusterProcess;

beforeAll(async () => {
  failing = await startBackend(jsonReply({ error: 'model crashed' }, 500));
  healthy = await startBackend(jsonReply({ predictions: [1] }));
  cluster = await startClusterProcess(
    snapshot({
      models: [model('bad'), model('good')],
      releases: [release('v1', 'bad', [failing.url]), release('v1', 'good', [healthy.url])],
      policies: [policy('bad', 'v1'), policy('good', 'v1')],
    }),
    60_000,
  );
}, 60_000);

afterAll(async () => {
  await cluster.stop();
  await Promise.all([failing.close(), healthy.close(), client.close()]);
});

async function predict(modelName: string): Promise<number> {
  const c = new Client(cluster.base); // a new connection each time, so both workers take some
  const r = await c.request({
    path: PREDICT.replace('recsys', modelName),
    method: 'POST',
    body: BODY,
    headers: { 'content-type': 'application/json' },
  });
  await r.body.text();
  await c.close();
  return r.statusCode;
}

/** Failed requests as the error triggers count them (the circuit breaker's refusals are connection errors). */
function failed(metrics: string): number {
  return counted(metrics, 'bad', 'serverError') + counted(metrics, 'bad', 'connectionError');
}

function counted(metrics: string, modelName: string, outcome: string): number {
  const re = new RegExp(
    `ripcord_requests_total\\{[^}]*model="${modelName}"[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`,
    'g',
  );
  return [...metrics.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('gateway cluster: a worker passes failures on at once', () => {
  it('brings every failed request to the primary within moments, healthy ones on the steady interval', async () => {
    for (let i = 0; i < 10; i++) expect(await predict('good')).toBe(200);
    for (let i = 0; i < 20; i++) expect(await predict('bad')).toBeGreaterThanOrEqual(500);
    let metrics = '';
    for (let i = 0; i < 50 && failed(metrics) < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      metrics = (await send(cluster.base, '/metrics')).text;
    }
    expect(failed(metrics)).toBe(20);
    // A hurried flush carries everything the worker recorded, healthy requests before it included.
    expect(counted(metrics, 'good', 'ok')).toBeGreaterThan(0);
  }, 30_000);
});
