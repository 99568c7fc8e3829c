/**
 * `POST /feedback` against an anonymous network client: no token, no JSON, made-up request ids,
 * releases and KPI names, random bytes. Nothing of it may reach telemetry, and nothing may 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import type { Gateway } from '../../src/gateway/create-gateway.js';
import { signFeedback } from '../../src/gateway/feedback-auth.js';
import {
  BODY,
  model,
  policy,
  PREDICT,
  release,
  seeded,
  send,
  serveGateway,
  snapshot,
  startBackend,
  type ServedGateway,
  type TestBackend,
} from './kit.js';

const TOKEN = 'feedback-token-0123456789abcdef';
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
let stable: TestBackend;
let canary: TestBackend;
let served: ServedGateway;
const routes = (b: TestBackend, c: TestBackend) =>
  snapshot({
    models: [model('recsys')],
    releases: [release('v1', 'recsys', [b.url]), release('v2', 'recsys', [c.url])],
    policies: [policy('recsys', 'v1', { headerRoutes: [{ header: 'x-beta', value: '1', release: 'v2' }] })],
    kpis: { recsys: ['conversion'] },
  });
const span = () => ({ model: 'recsys', from: 0, to: clock.now() + 1000 });
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  stable = await startBackend();
  canary = await startBackend();
  served = await serveGateway(
    { clock, routes: routes(stable, canary), feedback: { auth: { token: TOKEN } } },
    [stable, canary],
  );
});
afterAll(() => served.close());

async function issuedId(headers: Record<string, string> = {}): Promise<string> {
  const r = await send(served.base, PREDICT, { body: BODY, headers });
  expect(r.status).toBe(200);
  return String(r.headers['x-request-id']);
}

const kpi = (release: string) => served.gateway.telemetry.window({ ...span(), release }).kpis;

describe('POST /feedback from an anonymous client', () => {
  it('refuses a cross-site text/plain post (what any web page can send) with 415, recording nothing', async () => {
    const id = await issuedId();
    const r = await send(served.base, '/feedback', {
      body: JSON.stringify({ requestId: id, metric: 'conversion', value: 0 }),
      headers: { 'content-type': 'text/plain', ...auth },
    });
    expect(r.status).toBe(415);
    expect(kpi('v1').conversion).toBeUndefined();
  });

  it('refuses an event without the token (401) or with a wrong one, and never echoes it', async () => {
    const id = await issuedId();
    const body = JSON.stringify({ requestId: id, metric: 'conversion', value: 0 });
    const none = await send(served.base, '/feedback', { body });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await send(served.base, '/feedback', {
      body,
      headers: { authorization: 'Bearer wrong-token-wrong-token' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('wrong-token');
    expect(kpi('v1').conversion).toBeUndefined();
    const ok = await send(served.base, '/feedback', { body, headers: auth });
    expect(ok.status).toBe(202);
    expect(kpi('v1').conversion).toEqual({ n: 1, sum: 0, sumSq: 0 });
  });

  it('is refused (403) on a gateway with no feedback secret configured', async () => {
    const open = await serveGateway({ clock, routes: routes(stable, canary) });
    try {
      const r = await send(open.base, '/feedback', {
        body: JSON.stringify({ release: 'v2', metric: 'conversion', value: 0 }),
      });
      expect(r.status).toBe(403);
      expect(r.text).toContain('RIPCORD_FEEDBACK_TOKEN');
    } finally {
      await open.gateway.close();
    }
  });

  it('refuses events naming a release, a forged or client-chosen request id, or the wrong release', async () => {
    const before = kpi('v2').conversion?.n ?? 0;
    const byRelease = await send(served.base, '/feedback', {
      body: JSON.stringify({ release: 'v2', metric: 'conversion', value: 0 }),
      headers: auth,
    });
    expect(byRelease.status).toBe(400);
    // A request id the client chose (x-request-id) was not issued by the gateway.
    await issuedId({ 'x-request-id': 'client-chosen-1', 'x-beta': '1' });
    const chosen = await send(served.base, '/feedback', {
      body: JSON.stringify({ requestId: 'client-chosen-1', metric: 'conversion', value: 0 }),
      headers: auth,
    });
    expect(chosen.status).toBe(404);
    const forged = await send(served.base, '/feedback', {
      body: JSON.stringify({ requestId: 'ffffffffffffffff-1', metric: 'conversion', value: 0 }),
      headers: auth,
    });
    expect(forged.status).toBe(404);
    // v1 served this request: an event saying v2 did is refused, whole batch included.
    const id = await issuedId();
    const wrong = await send(served.base, '/feedback', {
      body: JSON.stringify([
        { requestId: id, metric: 'conversion', value: 1 },
        { requestId: id, release: 'v2', metric: 'conversion', value: 0 },
      ]),
      headers: auth,
    });
    expect(wrong.status).toBe(409);
    expect(wrong.text).toContain('did not serve');
    expect(kpi('v2').conversion?.n ?? 0).toBe(before);
  });

  it('accepts releases alone when configured to (attribution "release")', async () => {
    const trusted = await serveGateway({
      clock,
      routes: routes(stable, canary),
      feedback: { auth: { token: TOKEN }, attribution: 'release' },
    });
    try {
      const r = await send(trusted.base, '/feedback', {
        body: JSON.stringify({ release: 'v2', metric: 'conversion', value: 1 }),
        headers: auth,
      });
      expect(r.status).toBe(202);
    } finally {
      await trusted.gateway.close();
    }
  });

  it('accepts an HMAC-signed body once, within the clock skew, and nothing else', async () => {
    const secret = 'hmac-secret-0123456789abcdef';
    const signed = await serveGateway({
      clock,
      routes: routes(stable, canary),
      feedback: { auth: { hmacSecret: secret } },
    });
    try {
      const r = await send(signed.base, PREDICT, { body: BODY });
      const body = JSON.stringify({ requestId: r.headers['x-request-id'], metric: 'conversion', value: 1 });
      const t = Math.floor(clock.now() / 1000);
      const post = (signature: string, text = body) =>
        send(signed.base, '/feedback', { body: text, headers: { 'x-ripcord-signature': signature } });
      expect((await post(signFeedback(secret, body, t), body.replace('1}', '0}'))).status).toBe(401);
      expect((await post(signFeedback('another-secret-0123456789', body, t))).status).toBe(401);
      expect((await post(signFeedback(secret, body, t - 3600))).status).toBe(401);
      expect((await post(signFeedback(secret, body, t))).status).toBe(202);
      const replay = await post(signFeedback(secret, body, t));
      expect(replay.status).toBe(401);
      expect(replay.text).toContain('already used');
      expect(signed.gateway.telemetry.window({ ...span(), release: 'v1' }).kpis.conversion?.n).toBe(1);
    } finally {
      await signed.gateway.close();
    }
  });

  it("does not grow memory with made-up KPI names: only the rollouts' KPIs (or the allow-list) are kept", async () => {
    const id = await issuedId();
    const names = Array.from({ length: 2_000 }, (_, i) => ({ requestId: id, metric: `kpi-${i}`, value: 1 }));
    const r = await send(served.base, '/feedback', { body: JSON.stringify(names), headers: auth });
    expect(r.status).toBe(422);
    expect(r.text).toContain('accepted: conversion');
    const one = await send(served.base, '/feedback', {
      body: JSON.stringify({ requestId: id, metric: 'made-up', value: 1 }),
      headers: auth,
    });
    expect(one.status).toBe(422);
    expect(Object.keys(kpi('v1'))).toEqual(['conversion']);
  });

  it('refuses a routing snapshot with malformed KPI names, keeping the table it holds', () => {
    const bad = { ...routes(stable, canary), revision: 2, kpis: { recsys: 'conversion' } };
    expect(() => served.gateway.setRoutes(bad as unknown as Parameters<Gateway['setRoutes']>[0])).toThrow(
      /kpis\.recsys: give an array/,
    );
    expect(served.gateway.routes()!.revision).toBe(1);
  });

  it('never answers 5xx or crashes on random JSON, bytes and headers (fuzz)', async () => {
    const random = seeded(10);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const id = await issuedId();
    const values: unknown[] = [
      null,
      true,
      0,
      -1,
      1e308,
      'x',
      '',
      [],
      {},
      id,
      'v2',
      'conversion',
      { requestId: id },
      '\u0000',
      '__proto__',
    ];
    const keys = ['requestId', 'release', 'metric', 'value', 'region', '__proto__', 'constructor', ''];
    const randomJson = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.4) return pick(values);
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), randomJson(depth + 1)]),
      );
    };
    const randomBytes = (): Buffer =>
      Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
    const contentTypes = [
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x+json',
      '',
    ];
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const body = random() < 0.7 ? (JSON.stringify(randomJson(0)) ?? 'null') : randomBytes();
      const headers: Record<string, string> = { 'content-type': pick(contentTypes) };
      const a = random();
      if (a < 0.6) headers['authorization'] = `Bearer ${TOKEN}`;
      else if (a < 0.8)
        headers['authorization'] = pick(['Bearer', 'Basic x', `bearer  ${TOKEN}x`, 'Bearer \u00e9']);
      else headers['x-ripcord-signature'] = pick(['t=1,v1=00', 't=,v1=', 'garbage']);
      const r = await send(served.base, '/feedback', { body, headers });
      statuses.add(r.status);
      expect(r.status, `${r.status} ${r.text}`).toBeLessThan(500);
    }
    // Still serving, and the fuzz reached past authentication and parsing.
    expect((await send(served.base, '/healthz')).status).toBe(200);
    expect([...statuses].some((s) => s === 400 || s === 422 || s === 404 || s === 202)).toBe(true);
  });
});

describe("the gateway's own endpoints", () => {
  it('answers a malformed percent-encoding in /shadow/{model} with 400, not 500', async () => {
    expect((await send(served.base, '/shadow/%E0%A4%A')).status).toBe(400);
  });
});
