import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createGateway, type Gateway } from '../../src/gateway/create-gateway.js';
import { getEventListeners } from 'node:events';

import { startGatewayCluster } from '../../src/gateway/gateway-cluster.js';
import { RemoteRoutingSource, type ServedRouting } from '../../src/gateway/remote-routing-source.js';
import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';
import { writeRoutingSse } from '../../src/gateway/routing-sse.js';
import {
  BODY,
  client,
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
} from './kit.js';

/** A stand-in control plane: the real SSE writer behind a bearer-token check. */
async function controlPlane(port = 0, token = 'sekret') {
  let current: RoutingSnapshot | undefined;
  const listeners = new Set<() => void>();
  const sockets = new Set<Socket>();
  const reports: { stream: string; body: ServedRouting }[] = [];
  let streams = 0;
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end();
    const reported = /^\/api\/v1\/routing\/gateways\/([^/]+)$/.exec(req.url ?? '');
    if (reported && req.method === 'POST') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        reports.push({ stream: reported[1]!, body: JSON.parse(text) as ServedRouting });
        res.writeHead(200).end('{}');
      });
      return;
    }
    if (req.url !== '/api/v1/routing/stream') return res.writeHead(404).end();
    writeRoutingSse(
      res,
      () => current!,
      (onChange) => {
        listeners.add(onChange);
        return () => listeners.delete(onChange);
      },
      { stream: `s${++streams}` },
    );
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    publish(s: RoutingSnapshot) {
      current = s;
      for (const l of listeners) l();
    },
    streams: () => listeners.size,
    reports,
    kill: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let v1: TestBackend;
let v2: TestBackend;
let dir: string;
const gateways: Gateway[] = [];
const sources: RemoteRoutingSource[] = [];

const routes = (revision: number, stable: string) =>
  snapshot({
    revision,
    models: [model('recsys')],
    releases: [release('v1', 'recsys', [v1.url]), release('v2', 'recsys', [v2.url])],
    policies: [policy('recsys', stable)],
  });

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startGateway(url: string, token: string, persistPath?: string) {
  const gateway = createGateway({ logger: silent });
  gateways.push(gateway);
  const base = `http://127.0.0.1:${(await gateway.listen(0)).port}`;
  const source = new RemoteRoutingSource({
    url,
    token,
    apply: (s) => gateway.setRoutes(s),
    persistPath,
    logger: silent,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  sources.push(source);
  return { gateway, base, source };
}

const servedBy = async (base: string): Promise<string | undefined> => {
  const r = await send(base, PREDICT, { body: BODY });
  return r.status === 200 ? String(r.headers['x-ripcord-release']) : undefined;
};

beforeAll(async () => {
  v1 = await startBackend(jsonReply({ predictions: [1] }));
  v2 = await startBackend(jsonReply({ predictions: [2] }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-gw-'));
});

afterAll(async () => {
  for (const s of sources) await s.close();
  for (const g of gateways) await g.close();
  await Promise.all([v1.close(), v2.close(), client.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('remote routing source', () => {
  it('is not ready before its first table, follows pushes, and keeps serving when the control plane dies', async () => {
    const cp = await controlPlane();
    const file = path.join(dir, 'routes.json');
    const { gateway, base, source } = await startGateway(cp.url, 'sekret', file);
    await source.start();
    expect((await send(base, '/readyz')).status).toBe(503);
    cp.publish(routes(1, 'v1'));
    await until(() => gateway.ready, 'the first table');
    expect((await send(base, '/readyz')).status).toBe(200);
    expect(await servedBy(base)).toBe('v1');

    cp.publish(routes(2, 'v2'));
    await until(async () => (await servedBy(base)) === 'v2', 'the pushed flip');
    await until(
      async () => JSON.parse(await readFile(file, 'utf8').catch(() => '{}')).revision === 2,
      'the persisted table',
    );

    await cp.kill();
    await until(() => !source.status().connected && source.status().reconnects > 2, 'reconnect attempts');
    // Fail-static: the last table keeps serving and the gateway stays ready.
    expect(await servedBy(base)).toBe('v2');
    expect((await send(base, '/readyz')).status).toBe(200);
    expect(source.status()).toMatchObject({ revision: 2, source: 'stream' });

    // The control plane returns on the same port: the source reconnects and applies what is new.
    const back = await controlPlane(cp.port);
    back.publish(routes(3, 'v1'));
    await until(async () => (await servedBy(base)) === 'v1', 'the table after reconnecting');
    expect(source.status()).toMatchObject({ connected: true, revision: 3 });
    await source.close();
    await back.kill();
  });

  it('serves the persisted table at start while the control plane is unreachable', async () => {
    const cp = await controlPlane();
    const url = cp.url;
    await cp.kill();
    const file = path.join(dir, 'routes.json');
    const { gateway, base, source } = await startGateway(url, 'sekret', file);
    await source.start();
    expect(gateway.ready).toBe(true);
    expect(source.status()).toMatchObject({ source: 'file', revision: 3 });
    expect(await servedBy(base)).toBe('v1');
    await source.close();
  });

  it('applies nothing with a wrong token, ignores older revisions and refuses invalid tables', async () => {
    const cp = await controlPlane();
    cp.publish(routes(5, 'v2'));
    const wrong = await startGateway(cp.url, 'wrong');
    await wrong.source.start();
    await until(() => wrong.source.status().reconnects > 1, 'retries');
    expect(wrong.source.status().lastError).toContain('401');
    expect(wrong.gateway.ready).toBe(false);
    await wrong.source.close();

    const { gateway, base, source } = await startGateway(cp.url, 'sekret');
    await source.start();
    await until(() => gateway.ready, 'the first table');
    cp.publish(routes(4, 'v1')); // older: ignored
    const broken = routes(6, 'v1');
    broken.policies[0]!.stable = 'v9'; // invalid: recsys keeps its last good entry
    cp.publish(broken);
    await until(() => source.status().revision === 6, 'the broken snapshot');
    cp.publish(routes(5, 'v2')); // older than 6: ignored
    await new Promise((r) => setTimeout(r, 50));
    expect(await servedBy(base)).toBe('v2');
    expect(source.status().revision).toBe(6);
    expect(gateway.routingHealth()).toMatchObject({
      status: 'stale',
      revision: 6,
      failures: [{ model: 'recsys', field: 'policies.recsys.stable', servingRevision: 5 }],
    });
    await source.close();
    await cp.kill();
  });
});

describe('remote gateway cut off from its control plane', () => {
  it('reports what it serves, says once that it lost the stream, and exports its routing state', async () => {
    const cp = await controlPlane();
    cp.publish(routes(7, 'v2'));
    const logged: { level: string; msg: string | undefined }[] = [];
    const logger = {
      info: (_o: object, msg?: string) => logged.push({ level: 'info', msg }),
      warn: (_o: object, msg?: string) => logged.push({ level: 'warn', msg }),
      error: (_o: object, msg?: string) => logged.push({ level: 'error', msg }),
    };
    const handle = await startGatewayCluster({
      workers: 1,
      port: 0,
      gateway: () => ({ logger }),
      controlPlane: { url: cp.url, token: 'sekret', logger, backoff: { initialMs: 10, maxMs: 20 } },
    });
    const base = `http://127.0.0.1:${handle.gateway!.address!.port}`;
    const source = handle.source!;
    await until(() => cp.reports.length > 0, 'the first report');
    expect(cp.reports[0]).toMatchObject({ stream: 's1', body: { revision: 7, policies: { recsys: 1 } } });

    await cp.kill();
    await until(() => source.status().reconnects >= 8, 'reconnect attempts');
    const lost = logged.filter((l) => l.msg?.startsWith('routing stream to the control plane lost'));
    expect(lost).toHaveLength(1);
    expect(lost[0]!.level).toBe('warn');
    // One abortable wait at a time: retries leave no abort listener behind.
    const signal = (source as unknown as { abort: AbortController }).abort.signal;
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(2);

    const metrics = (await send(base, '/metrics')).text;
    expect(metrics).toContain('ripcord_routing_connected 0');
    expect(metrics).toContain('ripcord_routing_revision 7');
    expect(metrics).toMatch(/ripcord_routing_disconnected_seconds 0\.\d*[1-9]/);
    expect(metrics).toMatch(/ripcord_routing_reconnects_total (\d{2,}|[89])/);
    const ready = await send(base, '/readyz');
    expect(ready.status).toBe(200); // fail-static: it still serves its last table
    expect(ready.json()).toMatchObject({ revision: 7, connection: { connected: false } });
    await handle.close();
  });
});
