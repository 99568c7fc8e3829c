import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { MAX_FEEDBACK_BATCH } from '../../src/gateway/feedback.js';
import {
  BODY,
  jsonReply,
  model,
  policy,
  PREDICT,
  release,
  send,
  silent,
  snapshot,
  startBackend,
  type TestBackend,
  serveGateway,
  type ServedGateway,
} from './kit.js';

let stable: TestBackend;
let canary: TestBackend;
let gateway: Gateway;
let base: string;
let served: ServedGateway;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
const TOKEN = 'feedback-token-0123456789abcdef';
const feedbackHeaders = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  stable = await startBackend(jsonReply({ predictions: [{ items: ['a', 'b'] }] }));
  canary = await startBackend(jsonReply({ error: 'bad input' }, 422));
  served = await serveGateway(
    {
      clock,
      telemetryOptions: { samples: { rate: 1, capacity: 10, redactHeaders: ['x-api-key'] } },
      // Trusted callers here: events may name client-chosen request ids or a release alone.
      feedback: { auth: { token: TOKEN }, attribution: 'release', kpis: ['ctr', 'lift', 'conversion', 'c'] },
    },
    [stable, canary],
  );
  ({ gateway, base } = served);
});

afterAll(() => served.close());

describe('readiness', () => {
  it('is live at once but ready only once it holds a routing table', async () => {
    expect((await send(base, '/healthz')).status).toBe(200);
    expect((await send(base, '/readyz')).status).toBe(503);
    const early = await send(base, PREDICT, { body: BODY });
    expect(early.status).toBe(503);
    expect(early.headers['content-type']).toBe('application/problem+json');
    gateway.setRoutes(
      snapshot({
        models: [model('recsys', { predictionPath: '$.predictions[*].items' })],
        releases: [release('v1', 'recsys', [stable.url]), release('v2', 'recsys', [canary.url])],
        policies: [
          policy('recsys', 'v1', { headerRoutes: [{ header: 'x-beta', value: '1', release: 'v2' }] }),
        ],
      }),
    );
    expect((await send(base, '/readyz')).json()).toMatchObject({
      status: 'ready',
      revision: 1,
      failures: [],
    });
  });
});

describe('telemetry', () => {
  it('records every request per release and region with outcome and predictions', async () => {
    for (let i = 0; i < 5; i++) await send(base, PREDICT, { body: BODY, headers: { 'x-region': 'eu' } });
    for (let i = 0; i < 2; i++) await send(base, PREDICT, { body: BODY, headers: { 'x-beta': '1' } });
    const span = { model: 'recsys', from: 0, to: clock.now() + 1000 };
    const v1 = gateway.telemetry.window({ ...span, release: 'v1', region: 'eu' });
    expect(v1.requests).toBe(5);
    expect(v1.outcomes.ok).toBe(5);
    expect(Object.fromEntries(v1.predictions)).toEqual({ a: 5, b: 5 });
    expect(v1.latency.count).toBe(5);
    const v2 = gateway.telemetry.window({ ...span, release: 'v2' });
    expect(v2.outcomes.clientError).toBe(2);
    expect(v2.predictionResponses).toBe(0);
  });

  it('keeps sampled request/response pairs with secrets redacted', async () => {
    await send(base, PREDICT, { body: BODY, headers: { 'x-api-key': 'secret', 'x-region': 'eu' } });
    const samples = gateway.telemetry.freeze('recsys', 'v1');
    const last = samples.at(-1)!;
    expect(last.request.headers!['x-api-key']).toBe('[redacted]');
    expect(last.request.body).toEqual(JSON.parse(BODY));
    expect(last.response.body).toEqual({ predictions: [{ items: ['a', 'b'] }] });
    expect(last.status).toBe(200);
  });

  it('serves Prometheus metrics with one series per release', async () => {
    const r = await send(base, '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.text).toMatch(
      /ripcord_requests_total\{model="recsys",release="v1",region="eu",outcome="ok"\} 6/,
    );
    expect(r.text).toMatch(
      /ripcord_requests_total\{model="recsys",release="v2",region="default",outcome="clientError"\} 2/,
    );
  });

  it('records KPI feedback by request id or by release', async () => {
    const served = await send(base, PREDICT, {
      body: BODY,
      headers: { 'x-request-id': 'req-42', 'x-region': 'eu' },
    });
    expect(served.headers['x-request-id']).toBe('req-42');
    expect(
      (
        await send(base, '/feedback', {
          headers: feedbackHeaders,
          body: JSON.stringify({ requestId: 'req-42', metric: 'ctr', value: 1 }),
        })
      ).status,
    ).toBe(202);
    expect(
      (
        await send(base, '/feedback', {
          headers: feedbackHeaders,
          body: JSON.stringify({ release: 'v2', metric: 'ctr', value: 0 }),
        })
      ).status,
    ).toBe(202);
    const span = { model: 'recsys', from: 0, to: clock.now() + 1000 };
    expect(gateway.telemetry.window({ ...span, release: 'v1', region: 'eu' }).kpis.ctr).toEqual({
      n: 1,
      sum: 1,
      sumSq: 1,
    });
    expect(gateway.telemetry.window({ ...span, release: 'v2' }).kpis.ctr).toEqual({ n: 1, sum: 0, sumSq: 0 });
    // An id the gateway issued (no x-request-id sent) names its request too.
    const issued = await send(base, PREDICT, { body: BODY, headers: { 'x-beta': '1' } });
    const issuedId = String(issued.headers['x-request-id']);
    expect(
      (
        await send(base, '/feedback', {
          headers: feedbackHeaders,
          body: JSON.stringify({ requestId: issuedId, metric: 'lift', value: 3 }),
        })
      ).status,
    ).toBe(202);
    expect(gateway.telemetry.window({ ...span, release: 'v2' }).kpis.lift).toEqual({
      n: 1,
      sum: 3,
      sumSq: 9,
    });
    // Ids in the gateway's own form that it never issued, or spelled differently, are unknown.
    for (const forged of [issuedId.replace(/-[0-9a-z]+$/, '-zzzzzz'), issuedId.toUpperCase(), `${issuedId}x`])
      expect(
        (
          await send(base, '/feedback', {
            headers: feedbackHeaders,
            body: JSON.stringify({ requestId: forged, metric: 'lift', value: 1 }),
          })
        ).status,
      ).toBe(404);
    const unknown = await send(base, '/feedback', {
      headers: feedbackHeaders,
      body: JSON.stringify({ requestId: 'nope', metric: 'ctr', value: 1 }),
    });
    expect(unknown.status).toBe(404);
    const invalid = await send(base, '/feedback', {
      headers: feedbackHeaders,
      body: JSON.stringify({ metric: 'ctr', value: 1 }),
    });
    expect(invalid.status).toBe(400);
    expect((invalid.json() as { detail: string }).detail).toContain('requestId');
  });

  it('records a batch of KPI events in one request, all or nothing', async () => {
    await send(base, PREDICT, { body: BODY, headers: { 'x-request-id': 'req-batch', 'x-region': 'eu' } });
    const span = { model: 'recsys', from: 0, to: clock.now() + 1000 };
    const before = gateway.telemetry.window({ ...span, release: 'v1', region: 'eu' }).kpis.conversion?.n ?? 0;
    const batch = [
      ...Array.from({ length: 300 }, (_, i) => ({
        requestId: 'req-batch',
        metric: 'conversion',
        value: i % 3 === 0 ? 1 : 0,
      })),
      { release: 'v2', metric: 'conversion', value: 1 },
    ];
    const accepted = await send(base, '/feedback', { headers: feedbackHeaders, body: JSON.stringify(batch) });
    expect(accepted.status).toBe(202);
    expect(accepted.json()).toEqual({ accepted: 301, forwarded: 0 });
    expect(gateway.telemetry.window({ ...span, release: 'v1', region: 'eu' }).kpis.conversion).toEqual({
      n: before + 300,
      sum: 100,
      sumSq: 100,
    });

    // An invalid event names its index and field; an unknown one refuses the whole batch.
    const invalid = await send(base, '/feedback', {
      headers: feedbackHeaders,
      body: JSON.stringify([batch[0], { requestId: 'req-batch', metric: 'conversion', value: 'yes' }]),
    });
    expect(invalid.status).toBe(400);
    expect((invalid.json() as { detail: string }).detail).toMatch(/^\[1\]\.value: /);
    const unknown = await send(base, '/feedback', {
      headers: feedbackHeaders,
      body: JSON.stringify([batch[0], { requestId: 'gone', metric: 'conversion', value: 1 }]),
    });
    expect(unknown.status).toBe(404);
    expect((unknown.json() as { detail: string }).detail).toMatch(/^\[1\]: request "gone" is not among/);
    const empty = await send(base, '/feedback', { headers: feedbackHeaders, body: '[]' });
    expect(empty.status).toBe(400);
    expect((empty.json() as { detail: string }).detail).toBe('body: a batch holds at least one event');
    const tooMany = Array.from({ length: MAX_FEEDBACK_BATCH + 1 }, () => ({
      release: 'v2',
      metric: 'c',
      value: 1,
    }));
    const refused = await send(base, '/feedback', {
      headers: feedbackHeaders,
      body: JSON.stringify(tooMany),
    });
    expect(refused.status).toBe(400);
    expect((refused.json() as { detail: string }).detail).toMatch(/at most 10000 events; split it/);
    expect(gateway.telemetry.window({ ...span, release: 'v1', region: 'eu' }).kpis.conversion?.n).toBe(
      before + 300,
    );
    expect(gateway.telemetry.window({ ...span, release: 'v2' }).kpis.c).toBeUndefined();
  });
});

describe('inspection shares', () => {
  it('records outcome and latency of every request but inspects inputs and predictions only within the share', async () => {
    const schema = { fields: { user_id: { type: 'integer' as const, required: true, nullable: false } } };
    const routes = snapshot({
      models: [model('recsys', { predictionPath: '$.predictions[*].items', inputSchema: schema })],
      releases: [release('v1', 'recsys', [stable.url])],
      policies: [policy('recsys', 'v1')],
    });
    const windowOf = async (inspection: { inputs: number; predictions: number }) => {
      const g = await serveGateway({ clock, routes, inspection });
      for (let i = 0; i < 4; i++) expect((await send(g.base, PREDICT, { body: BODY })).status).toBe(200);
      await g.gateway.close();
      return g.gateway.telemetry.window({ model: 'recsys', release: 'v1', from: 0, to: clock.now() + 1000 });
    };
    const none = await windowOf({ inputs: 0, predictions: 0 });
    expect(none.requests).toBe(4);
    expect(none.latency.count).toBe(4);
    expect(none.inputRows).toBe(0);
    expect(none.predictionResponses).toBe(0);
    expect(none.predictions.size).toBe(0);
    const all = await windowOf({ inputs: 1, predictions: 1 });
    expect(all.requests).toBe(4);
    expect(all.inputRows).toBe(4);
    expect(all.predictionResponses).toBe(4);
    expect(Object.fromEntries(all.predictions)).toEqual({ a: 4, b: 4 });
    expect(() => createGateway({ logger: silent, inspection: { inputs: 2 } })).toThrow('inspection.inputs');
  });
});
