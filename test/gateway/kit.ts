/** Test kit: real node:http backends and gateways on port 0, snapshot builders and a small HTTP client. */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { Agent, request } from 'undici';

import type { TrafficPolicy } from '../../src/registry/traffic-policy.js';
import type { Flag, Model, Release } from '../../src/registry/types.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway/create-gateway.js';
import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestBackend {
  url: string;
  port: number;
  seen: Seen[];
  /** Open sockets to this backend right now. */
  sockets(): number;
  close(): Promise<void>;
}

export type BackendHandler = (seen: Seen, res: ServerResponse, req?: IncomingMessage) => void;

export const jsonReply =
  (value: unknown, status = 200): BackendHandler =>
  (_seen, res) => {
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

export async function startBackend(
  handler: BackendHandler = jsonReply({ predictions: [1] }),
): Promise<TestBackend> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      handler(s, res, req);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    sockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const now = '2026-01-01T00:00:00.000Z';
const revisioned = { revision: 1, createdAt: now, updatedAt: now };

export function model(name: string, extra: Partial<Model> = {}): Model {
  return { ...revisioned, name, owner: 'ml', description: '', protocol: 'tfserving', ...extra };
}

export function release(
  name: string,
  modelName: string,
  backends: string[],
  extra: Partial<Omit<Release, 'serving'>> & { serving?: Partial<Release['serving']> } = {},
): Release {
  const { serving, ...rest } = extra;
  return {
    ...revisioned,
    name,
    model: modelName,
    modelVersion: 1,
    features: [],
    description: '',
    healthyBaseline: false,
    archived: false,
    marks: [],
    createdBy: 'test',
    ...rest,
    serving: {
      backends: backends.map((url) => ({ url, weight: 1 })),
      timeoutMs: 5_000,
      passHeaders: [],
      headers: {},
      env: {},
      healthPath: '/healthz',
      ...serving,
    },
  };
}

export function policy(modelName: string, stable: string, extra: Partial<TrafficPolicy> = {}): TrafficPolicy {
  return {
    model: modelName,
    stable,
    weights: [],
    headerRoutes: [],
    regionHeader: 'x-region',
    regions: {},
    retryOnStable: true,
    revision: 1,
    updatedAt: now,
    updatedBy: 'test',
    ...extra,
  };
}

export function snapshot(parts: {
  revision?: number;
  models: Model[];
  releases: Release[];
  policies?: TrafficPolicy[];
  flags?: Flag[];
  kpis?: Record<string, string[]>;
}): RoutingSnapshot {
  return { revision: parts.revision ?? 1, policies: [], flags: [], ...parts };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

let agent = new Agent({ keepAliveTimeout: 1_000 });
/** The keep-alive agent `send` uses; `close()` closes its sockets and starts a fresh agent. */
export const client = {
  close: async (): Promise<void> => {
    const old = agent;
    agent = new Agent({ keepAliveTimeout: 1_000 });
    await old.close();
  },
};

export async function send(
  base: string,
  path: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const r = await request(base + path, {
    dispatcher: agent,
    method: (init.method ?? (init.body !== undefined ? 'POST' : 'GET')) as 'POST',
    body: init.body,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  const text = await r.body.text();
  return { status: r.statusCode, headers: r.headers, text, json: () => JSON.parse(text) as unknown };
}

export const PREDICT = '/v1/models/recsys:predict';
export const BODY = JSON.stringify({ instances: [{ user_id: 1, age: 30 }] });

/** A deterministic PRNG (mulberry32) for weight distributions. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface ServedGateway {
  gateway: Gateway;
  /** http://127.0.0.1:{port} */
  base: string;
  /** Stops the gateway, then the given backends, and closes the client's sockets. */
  close(): Promise<void>;
}

/** A real gateway listening on port 0 in front of `backends` (silent unless a logger is given). */
export async function serveGateway(
  options: GatewayOptions = {},
  backends: readonly TestBackend[] = [],
): Promise<ServedGateway> {
  const gateway = createGateway({ logger: silent, ...options });
  const base = `http://127.0.0.1:${(await gateway.listen(0)).port}`;
  return {
    gateway,
    base,
    close: async () => {
      await gateway.close();
      await Promise.all([...backends.map((b) => b.close()), client.close()]);
    },
  };
}
