import net, { type Socket } from 'node:net';
import { Readable } from 'node:stream';

import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/core/clock.js';
import { type Gateway } from '../../src/gateway/create-gateway.js';
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
  serveGateway,
  type ServedGateway,
} from './kit.js';

let good: TestBackend;
let broken: TestBackend;
let hanging: TestBackend;
/** The connections that carried a request to `hanging`. */
const hangingSockets: Socket[] = [];
let spare: TestBackend;
let deadUrl: string;
let gateway: Gateway;
let base: string;
let served: ServedGateway;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
let brokenFixed = false;
const held: (() => void)[] = [];

beforeAll(async () => {
  good = await startBackend(jsonReply({ predictions: ['stable'] }));
  spare = await startBackend(jsonReply({ predictions: ['spare'] }));
  broken = await startBackend((seen, res) =>
    brokenFixed
      ? jsonReply({ predictions: ['canary'] })(seen, res)
      : jsonReply({ error: 'model crashed' }, 500)(seen, res),
  );
  hanging = await startBackend((_seen, res, req) => {
    hangingSockets.push(req!.socket);
    held.push(() => res.end('{}'));
  });
  // A port nothing listens on: connection refused.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
  served = await serveGateway(
    { clock, limits: { maxBodyBytes: 1024 }, breaker: { consecutiveFailures: 3, cooldownMs: 10_000 } },
    [good, broken, hanging, spare],
  );
  ({ gateway, base } = served);
});

afterAll(async () => {
  for (const release of held) release();
  await served.close();
});

const routes = (canaryUrl: string, p: Partial<Parameters<typeof policy>[2]> = {}, stableUrl = good.url) =>
  snapshot({
    models: [model('recsys')],
    releases: [
      release('v1', 'recsys', [stableUrl]),
      release('v2', 'recsys', [canaryUrl], { serving: { timeoutMs: 200 } }),
      release('v0', 'recsys', [spare.url]),
    ],
    policies: [policy('recsys', 'v1', { weights: [{ release: 'v2', weight: 100 }], ...p })],
  });

describe('failure handling', () => {
  it('answers 400 for malformed JSON, 404 for unknown models and routes, 413 for oversized bodies', async () => {
    gateway.setRoutes(routes(good.url));
    const bad = await send(base, PREDICT, { body: '{"instances": [1,' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('application/problem+json');
    expect((bad.json() as { title: string }).title).toBe('Malformed JSON');
    // TF Serving and OIP clients read `error`; the problem's members stay for everyone else.
    expect(bad.json()).toMatchObject({ error: expect.stringMatching(/JSON/), status: 400 });
    const unknown = await send(base, '/v1/models/nope:predict', { body: BODY });
    expect(unknown.status).toBe(404);
    expect((unknown.json() as { detail: string }).detail).toContain('known: recsys');
    expect((await send(base, '/v2/models/recsys/infer', { body: BODY })).status).toBe(404);
    expect((await send(base, '/nowhere')).status).toBe(404);
    const big = await send(base, PREDICT, { body: JSON.stringify({ instances: ['x'.repeat(2000)] }) });
    expect(big.status).toBe(413);
    expect(big.headers.connection).toBe('close');
  });

  it('answers 413 for a chunked upload that grows past the limit', async () => {
    const c = new Client(base);
    const chunks = async function* () {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(500, 0x20);
    };
    const r = await c
      .request({ path: PREDICT, method: 'POST', body: Readable.from(chunks()) })
      .catch((e: Error) => e);
    if (!(r instanceof Error)) {
      expect(r.statusCode).toBe(413);
      await r.body.text();
    }
    await c.close();
  });

  it('answers 502 problem+json when the backend refuses connections and 504 on timeout', async () => {
    gateway.setRoutes(routes(deadUrl, { weights: [] }, deadUrl));
    const refused = await send(base, PREDICT, { body: BODY });
    expect(refused.status).toBe(502);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers['x-request-id']).toBeDefined();
    gateway.setRoutes(routes(hanging.url, { retryOnStable: false }));
    const slow = await send(base, PREDICT, { body: BODY });
    expect(slow.status).toBe(504);
    expect((slow.json() as { detail: string }).detail).toContain('within 200 ms');
  });

  it('leaks no connections after errors', async () => {
    gateway.setRoutes(routes(hanging.url, { retryOnStable: false }));
    const c = new Client(base);
    for (const body of ['{bad', BODY, 'x'.repeat(5000)])
      await c
        .request({ path: PREDICT, method: 'POST', body, headers: { 'content-type': 'application/json' } })
        .then((r) => r.body.text())
        .catch(() => undefined);
    await c.close();
    await client.close();
    for (let i = 0; i < 50 && (await gateway.connections()) > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await gateway.connections()).toBe(0);
    // The timed-out upstream sockets were closed rather than returned to the pool. (undici may
    // open a fresh idle connection after an aborted request: it carries nothing.)
    const open = () => hangingSockets.filter((s) => !s.destroyed).length;
    for (let i = 0; i < 50 && open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hangingSockets.length).toBeGreaterThan(0);
    expect(open()).toBe(0);
  });

  it('survives a client that disconnects mid-upload', async () => {
    gateway.setRoutes(routes(good.url));
    const port = Number(new URL(base).port);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST ${PREDICT} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"instances":`,
    );
    await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    for (let i = 0; i < 50 && (await gateway.connections()) > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await gateway.connections()).toBe(0);
    expect((await send(base, PREDICT, { body: BODY })).status).toBe(200);
  });

  it('retries a failed canary request once on stable, then opens the breaker and moves the share to stable', async () => {
    gateway.setRoutes(routes(broken.url));
    broken.seen.length = 0;
    for (let i = 0; i < 3; i++) {
      const r = await send(base, PREDICT, { body: BODY });
      expect(r.status).toBe(200);
      expect(r.headers['x-ripcord-release']).toBe('v1');
      expect(r.headers['x-ripcord-rerouted-from']).toBe('v2');
    }
    expect(broken.seen).toHaveLength(3);
    // Breaker open: the canary gets nothing, its share is served by stable.
    for (let i = 0; i < 5; i++)
      expect((await send(base, PREDICT, { body: BODY })).headers['x-ripcord-release']).toBe('v1');
    expect(broken.seen).toHaveLength(3);
    const w = gateway.telemetry.window({ model: 'recsys', release: 'v2', from: 0, to: clock.now() + 1000 });
    expect(w.outcomes.serverError).toBe(3);
    // After the cool-down one probe goes through; the canary has recovered, so traffic returns.
    brokenFixed = true;
    clock.advance(10_000);
    expect((await send(base, PREDICT, { body: BODY })).headers['x-ripcord-release']).toBe('v2');
    expect((await send(base, PREDICT, { body: BODY })).headers['x-ripcord-release']).toBe('v2');
    brokenFixed = false;
  });

  it('counts requests refused by an open breaker as failures of the release, so guards still see them', async () => {
    const from = clock.now();
    gateway.setRoutes(routes(broken.url, { weights: [], retryOnStable: false }, broken.url));
    for (let i = 0; i < 3; i++) expect((await send(base, PREDICT, { body: BODY })).status).toBe(500);
    for (let i = 0; i < 4; i++) expect((await send(base, PREDICT, { body: BODY })).status).toBe(503);
    const w = gateway.telemetry.window({ model: 'recsys', release: 'v1', from, to: clock.now() + 1000 });
    expect(w.outcomes.serverError).toBe(3);
    expect(w.outcomes.connectionError).toBe(4);
    clock.advance(10_000);
  });

  it('passes the canary error through when retryOnStable is off, and never retries a pinned request', async () => {
    gateway.setRoutes(routes(broken.url, { retryOnStable: false }));
    const r = await send(base, PREDICT, { body: BODY });
    expect(r.status).toBe(500);
    expect(r.headers['x-ripcord-release']).toBe('v2');
    expect(r.json()).toEqual({ error: 'model crashed' });
    gateway.setRoutes(routes(deadUrl, { weights: [{ release: 'v2', weight: 0.01 }] }));
    const pinned = await send(base, PREDICT, { body: BODY, headers: { 'x-ripcord-release': 'v2' } });
    expect(pinned.status).toBe(502);
  });

  it('serves the fallback release, then the static fallback, when nothing else is healthy', async () => {
    gateway.setRoutes(routes(deadUrl, { fallback: { release: 'v0' } }, deadUrl));
    const viaRelease = await send(base, PREDICT, { body: BODY });
    expect(viaRelease.status).toBe(200);
    expect(viaRelease.headers['x-ripcord-fallback']).toBe('true');
    expect(viaRelease.headers['x-ripcord-release']).toBe('v0');
    expect(viaRelease.json()).toEqual({ predictions: ['spare'] });
    gateway.setRoutes(
      routes(deadUrl, { fallback: { static: { status: 200, body: { predictions: [] } } } }, deadUrl),
    );
    const viaStatic = await send(base, PREDICT, { body: BODY });
    expect(viaStatic.status).toBe(200);
    expect(viaStatic.headers['x-ripcord-fallback']).toBe('true');
    expect(viaStatic.json()).toEqual({ predictions: [] });
  });
});
