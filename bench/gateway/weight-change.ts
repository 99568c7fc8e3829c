/**
 * "A weight change is visible on the very next request": in-process (setRoutes, then one
 * request) and pushed from a control plane over the routing stream to a remote gateway (time
 * from publish to the first request that sees it; target ≤ 1 s).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import {
  createGateway,
  RemoteRoutingSource,
  writeRoutingSse,
  type RoutingSnapshot,
} from '../../src/gateway/index.js';
import { benchRoutes } from './bench-routes.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const flip = (stable: number, canary: number, revision: number): RoutingSnapshot => ({
  ...benchRoutes(stable, canary, 100),
  revision,
});

async function releaseOf(base: string): Promise<string> {
  const r = await request(`${base}/v1/models/recsys:predict`, {
    method: 'POST',
    body: '{"instances":[{"user_id":1}]}',
    headers: { 'content-type': 'application/json', 'x-user-id': 'user1' },
  });
  await r.body.dump();
  return String(r.headers['x-ripcord-release']);
}

export async function checkWeightChange(stable: number, canary: number): Promise<string[]> {
  const out: string[] = [];
  const local = createGateway({ logger: silent, routes: benchRoutes(stable, canary, 0) });
  const localBase = `http://127.0.0.1:${(await local.listen(0)).port}`;
  const before = await releaseOf(localBase);
  local.setRoutes(flip(stable, canary, 2));
  const after = await releaseOf(localBase);
  out.push(
    `weight change in-process: ${before} before setRoutes (0 % canary), ${after} on the very next request (100 % canary) — ${after === 'v2' && before === 'v1' ? 'ok' : 'FAILED'}`,
  );
  await local.close();

  // A control plane streaming snapshots, and a gateway following it.
  let current = benchRoutes(stable, canary, 0);
  const listeners = new Set<() => void>();
  const cp = http.createServer((_req, res) =>
    writeRoutingSse(
      res,
      () => current,
      (l) => (listeners.add(l), () => listeners.delete(l)),
    ),
  );
  await new Promise<void>((r) => cp.listen(0, '127.0.0.1', r));
  const remote = createGateway({ logger: silent });
  const source = new RemoteRoutingSource({
    url: `http://127.0.0.1:${(cp.address() as AddressInfo).port}`,
    apply: (s) => remote.setRoutes(s),
    logger: silent,
  });
  await source.start();
  const remoteBase = `http://127.0.0.1:${(await remote.listen(0)).port}`;
  while (!remote.ready) await new Promise((r) => setTimeout(r, 5));
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const target = i % 2 === 0 ? 'v2' : 'v1';
    const started = performance.now();
    current = { ...benchRoutes(stable, canary, target === 'v2' ? 100 : 0), revision: 10 + i };
    for (const l of listeners) l();
    while ((await releaseOf(remoteBase)) !== target) {
      if (performance.now() - started > 5_000) break;
    }
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  out.push(
    `weight change pushed to a remote gateway (SSE): visible after ${samples.map((s) => s.toFixed(1)).join(', ')} ms over 5 flips, max ${samples.at(-1)!.toFixed(1)} ms (target ≤ 1000 ms)`,
  );
  await source.close();
  await remote.close();
  for (const s of [cp]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  return out;
}
