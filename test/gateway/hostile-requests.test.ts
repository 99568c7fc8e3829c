/**
 * What an anonymous client can do to the request path: a header built to make a regex
 * backtrack, made-up region values, pins to releases outside the policy, slow uploads, too many
 * connections, leaving early; and what a bad model can do: answer 200 with garbage.
 */
import type { ServerResponse } from 'node:http';
import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import {
  BODY,
  jsonReply,
  model,
  policy,
  PREDICT,
  release,
  send,
  serveGateway,
  snapshot,
  startBackend,
  type ServedGateway,
  type TestBackend,
} from './kit.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
const span = { model: 'recsys', from: 0, to: clock.now() + 1000 };
let open: ServedGateway[] = [];
afterEach(async () => {
  await Promise.all(open.map((g) => g.close()));
  open = [];
});

async function gatewayFor(
  backends: TestBackend[],
  routes: Parameters<typeof snapshot>[0],
  options: Parameters<typeof serveGateway>[0] = {},
): Promise<ServedGateway> {
  const g = await serveGateway({ clock, routes: snapshot(routes), ...options }, backends);
  open.push(g);
  return g;
}

describe('header-route regex', () => {
  it('matches `^(a+)+$` against a 29-character header in milliseconds, without blocking other requests', async () => {
    const stable = await startBackend(jsonReply({ predictions: ['stable'] }));
    const beta = await startBackend(jsonReply({ predictions: ['beta'] }));
    const g = await gatewayFor([stable, beta], {
      models: [model('recsys')],
      releases: [release('v1', 'recsys', [stable.url]), release('v2', 'recsys', [beta.url])],
      policies: [
        policy('recsys', 'v1', { headerRoutes: [{ header: 'x-user', regex: '^(a+)+$', release: 'v2' }] }),
      ],
    });
    const started = performance.now();
    const [evil, other] = await Promise.all([
      send(g.base, PREDICT, { body: BODY, headers: { 'x-user': `${'a'.repeat(29)}b` } }),
      send(g.base, PREDICT, { body: BODY }),
    ]);
    const elapsed = performance.now() - started;
    expect(evil.headers['x-ripcord-release']).toBe('v1');
    expect(other.status).toBe(200);
    // Backtracking takes seconds here (doubling per character); RE2 well under the bound.
    expect(elapsed).toBeLessThan(500);
    const matched = await send(g.base, PREDICT, { body: BODY, headers: { 'x-user': 'a'.repeat(29) } });
    expect(matched.headers['x-ripcord-release']).toBe('v2');
  });

  it('refuses a pattern RE2 cannot run in linear time (a backreference) with the field named', async () => {
    const stable = await startBackend();
    const g = await gatewayFor([stable], {
      models: [model('recsys')],
      releases: [release('v1', 'recsys', [stable.url])],
    });
    // The model is refused (and keeps its last good entry); the failure names the field.
    const table = g.gateway.setRoutes(
      snapshot({
        models: [model('recsys')],
        releases: [release('v1', 'recsys', [stable.url])],
        policies: [
          policy('recsys', 'v1', { headerRoutes: [{ header: 'x-u', regex: '(a)\\1', release: 'v1' }] }),
        ],
      }),
    );
    expect(table.failures.get('recsys')?.message).toMatch(
      /policies\.recsys\.headerRoutes\[0\]\.regex: .*RE2 syntax/,
    );
  });
});

describe('labels taken from clients', () => {
  it('caps distinct regions: later values are recorded as "other", counted on /metrics', async () => {
    const stable = await startBackend();
    const g = await gatewayFor(
      [stable],
      {
        models: [model('recsys')],
        releases: [release('v1', 'recsys', [stable.url])],
        policies: [policy('recsys', 'v1', { regions: { eu: [] } })],
      },
      { limits: { regionValues: 3 } },
    );
    for (let i = 0; i < 25; i++)
      expect((await send(g.base, PREDICT, { body: BODY, headers: { 'x-region': `r${i}` } })).status).toBe(
        200,
      );
    await send(g.base, PREDICT, { body: BODY, headers: { 'x-region': 'eu' } });
    const regions = g.gateway.telemetry.streams().map((s) => s.region);
    expect(regions.sort()).toEqual(['eu', 'other', 'r0', 'r1', 'r2']);
    expect(g.gateway.telemetry.window({ ...span, release: 'v1', region: 'other' }).requests).toBe(22);
    const metrics = (await send(g.base, '/metrics')).text;
    expect(metrics).toMatch(/ripcord_label_overflow_total\{label="region"\} 22/);
    expect(metrics).toMatch(/ripcord_label_values\{label="region"\} 3/);
  });
});

describe('answers a protocol cannot parse', () => {
  it('counts a 200 with truncated JSON or HTML as invalidResponse, a failure, never ok', async () => {
    let reply = '{"predictions":[1,';
    const stable = await startBackend((_seen, res: ServerResponse) => {
      const html = reply.startsWith('<');
      res.writeHead(200, { 'content-type': html ? 'text/html' : 'application/json' });
      res.end(reply);
    });
    const g = await gatewayFor([stable], {
      models: [model('recsys')],
      releases: [release('v1', 'recsys', [stable.url])],
    });
    expect((await send(g.base, PREDICT, { body: BODY })).status).toBe(200);
    reply = '<html><body>502 upstream</body></html>';
    expect((await send(g.base, PREDICT, { body: BODY })).status).toBe(200);
    reply = '{"predictions":[1]}';
    await send(g.base, PREDICT, { body: BODY });
    const w = g.gateway.telemetry.window({ ...span, release: 'v1' });
    expect(w.outcomes).toMatchObject({ ok: 1, invalidResponse: 2 });
    const metrics = (await send(g.base, '/metrics')).text;
    expect(metrics).toMatch(/ripcord_requests_total\{[^}]*outcome="invalidResponse"\} 2/);
  });
});

describe('pins', () => {
  const routes = (s: TestBackend, c: TestBackend, old: TestBackend) => ({
    models: [model('recsys')],
    releases: [
      release('v1', 'recsys', [s.url]),
      release('v2', 'recsys', [c.url]),
      release('v0', 'recsys', [old.url]),
    ],
    policies: [policy('recsys', 'v1', { weights: [{ release: 'v2', weight: 10 }] })],
  });

  it('are limited to releases in the policy, unless the operator secret is sent, and judged apart', async () => {
    const [s, c, old] = await Promise.all([startBackend(), startBackend(), startBackend()]);
    const secret = 'pin-secret-0123456789abcdef';
    const g = await gatewayFor([s, c, old], routes(s, c, old), { pinSecret: secret });
    // v0 (rolled back: still in the snapshot, out of the policy) cannot be pinned by a client.
    const refused = await send(g.base, PREDICT, { body: BODY, headers: { 'x-ripcord-release': 'v0' } });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('x-ripcord-pin-secret');
    expect(old.seen).toHaveLength(0);
    const wrong = await send(g.base, PREDICT, {
      body: BODY,
      headers: { 'x-ripcord-release': 'v0', 'x-ripcord-pin-secret': 'nope' },
    });
    expect(wrong.status).toBe(403);
    const operator = await send(g.base, PREDICT, {
      body: BODY,
      headers: { 'x-ripcord-release': 'v0', 'x-ripcord-pin-secret': secret },
    });
    expect(operator.headers['x-ripcord-release']).toBe('v0');
    expect(old.seen.at(-1)!.headers['x-ripcord-pin-secret']).toBeUndefined();
    // Operator test traffic (e.g. a blue/green pre-promotion analysis) counts as the release's own.
    expect(g.gateway.telemetry.window({ ...span, release: 'v0' }).requests).toBe(1);
    // A pin to the canary serves it but stays out of the canary's own telemetry.
    for (let i = 0; i < 3; i++) {
      const r = await send(g.base, PREDICT, { body: BODY, headers: { 'x-ripcord-release': 'v2' } });
      expect(r.headers['x-ripcord-release']).toBe('v2');
    }
    expect(g.gateway.telemetry.window({ ...span, release: 'v2' }).requests).toBe(0);
    expect(g.gateway.telemetry.window({ ...span, release: 'v2+pinned' }).requests).toBe(3);
  });
});

describe('slow and departed clients', () => {
  it('answers a 1 s backend timeout at 1 s, not 1.5 s, even when the headers came in time', async () => {
    // Headers at 0.5 s, then nothing: undici's body timeout would count 1 s from the headers.
    const slow = await startBackend((_seen, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
      }, 500).unref();
      setTimeout(() => res.end('{}'), 3_000).unref();
    });
    const g = await gatewayFor([slow], {
      models: [model('recsys')],
      releases: [release('v1', 'recsys', [slow.url], { serving: { timeoutMs: 1_000 } })],
    });
    const started = performance.now();
    const r = await send(g.base, PREDICT, { body: BODY });
    const elapsed = performance.now() - started;
    expect(r.status).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1_400);
  });

  it('does not call a backend for a client that has gone (no retry on stable after it left)', async () => {
    const stable = await startBackend();
    const canary = await startBackend((_seen, res) =>
      setTimeout(() => res.writeHead(500).end('{}'), 400).unref(),
    );
    const g = await gatewayFor([stable, canary], {
      models: [model('recsys')],
      releases: [release('v1', 'recsys', [stable.url]), release('v2', 'recsys', [canary.url])],
      policies: [policy('recsys', 'v1', { weights: [{ release: 'v2', weight: 100 }] })],
    });
    const port = Number(new URL(g.base).port);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST ${PREDICT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${BODY.length}\r\n\r\n${BODY}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 700));
    expect(stable.seen).toHaveLength(0);
    // The departed client's request is not held against the canary either.
    const w = g.gateway.telemetry.window({ ...span, release: 'v2' });
    expect(w.outcomes.connectionError + w.outcomes.serverError).toBe(0);
  });

  it('closes a connection whose body never finishes (408), and caps open connections', async () => {
    const stable = await startBackend();
    const g = await gatewayFor(
      [stable],
      { models: [model('recsys')], releases: [release('v1', 'recsys', [stable.url])] },
      { limits: { requestTimeoutMs: 500, headersTimeoutMs: 500, maxConnections: 2 } },
    );
    const port = Number(new URL(g.base).port);
    const started = performance.now();
    const slow = net.connect(port, '127.0.0.1');
    let answer = '';
    slow.on('data', (d: Buffer) => (answer += d.toString()));
    slow.write(
      `POST ${PREDICT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"in`,
    );
    await new Promise((r) => {
      slow.once('close', r);
      setTimeout(r, 3_000).unref();
    });
    slow.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - started).toBeLessThan(2_500);

    const held = [net.connect(port, '127.0.0.1'), net.connect(port, '127.0.0.1')];
    await Promise.all(held.map((s) => new Promise((r) => s.once('connect', r))));
    await new Promise((r) => setTimeout(r, 50));
    const third = net.connect(port, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      third.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 1_000).unref();
    });
    expect(closed).toBe(true);
    for (const s of held) s.destroy();
  });
});

describe('header fields in routes', () => {
  it('refuses serving.headers with CR/LF or control characters, naming the field', async () => {
    const stable = await startBackend();
    const g = await gatewayFor([stable], {
      models: [model('recsys')],
      releases: [release('v1', 'recsys', [stable.url])],
    });
    const cases: Record<string, string>[] = [
      { 'x-a': 'ok\r\nx-injected: 1' },
      { 'x-a': 'nul\u0000' },
      { 'x-a\r\nx-b': 'v' },
      { 'x a': 'v' },
    ];
    // Each is refused for its model (which keeps its last good entry), naming the field.
    for (const headers of cases) {
      const table = g.gateway.setRoutes(
        snapshot({
          models: [model('recsys')],
          releases: [release('v1', 'recsys', [stable.url], { serving: { headers } })],
        }),
      );
      expect(table.failures.get('recsys')?.message).toMatch(
        /serving\.headers\["[^\]]*\]: .*(control character|not a header name)/,
      );
    }
    // The previous table still serves.
    expect((await send(g.base, PREDICT, { body: BODY })).status).toBe(200);
  });
});
