/**
 * A model server whose speed and answers a test sets, the recommender registry pointing at it,
 * and a controller over a real store with the real HTTP warm-up replayer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/core/clock.js';
import type { Controller } from '../../src/controller/create-controller.js';
import { createStoreController, type StoreControllerOptions } from '../../src/server/store-controller.js';
import { httpWarmUpReplayer } from '../../src/server/warm-up-replay.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry, type Telemetry } from '../../src/telemetry/index.js';
import { SampleStore } from '../../src/telemetry/sample-store.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import type { TestDatabase } from '../support/databases.js';

export interface ModelServer {
  url: string;
  /** Per-request delay and status of inference answers. */
  behaviour: { delayMs: number; status: number };
  /** Every inference request received: path, body and the release header. */
  received: { path: string; body: string; release: string | undefined }[];
  close(): Promise<void>;
}

export async function modelServer(): Promise<ModelServer> {
  const behaviour = { delayMs: 0, status: 200 };
  const received: ModelServer['received'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/healthz') return void res.end('ok');
      received.push({ path: req.url ?? '', body, release: req.headers['x-ripcord-release'] as string });
      setTimeout(() => {
        res.statusCode = behaviour.status;
        res.setHeader('content-type', 'application/json');
        res.end('{"predictions":[{"items":[7]}]}');
      }, behaviour.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    behaviour,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface WarmHarness {
  store: Store;
  registry: Registry;
  clock: ManualClock;
  telemetry: Telemetry;
  samples: SampleStore;
  server: ModelServer;
  controller: Controller;
  /** One second of traffic on both releases (latency per release, default ~1 s: a slow model, so a busy test machine stays well within it), then a tick. */
  second(latencyMs?: { v1?: number; v2?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function warmHarness(
  database: TestDatabase,
  overrides: Partial<StoreControllerOptions> = {},
): Promise<WarmHarness> {
  const server = await modelServer();
  const store = await database.open();
  const clock = new ManualClock(Date.parse('2026-11-24T02:00:00Z'));
  const registry = createRegistry({ store, clock });
  await seedRecommender(registry, { v1: server.url, v2: server.url });
  await registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
  await registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', admin);
  await registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
  const telemetry = createTelemetry({ clock, schemas: () => undefined });
  const samples = new SampleStore({ rate: 1 });
  const controller = createStoreController({
    store,
    registry,
    telemetry,
    clock,
    probe: () => Promise.resolve({ ok: true, message: 'ok' }),
    warmUp: { replayer: httpWarmUpReplayer({ samples: (m, r) => samples.freeze(m, r) }) },
    ...overrides,
  });
  const h: WarmHarness = {
    store,
    registry,
    clock,
    telemetry,
    samples,
    server,
    controller,
    async second(latency = {}) {
      const policy = await registry.getTrafficPolicy('recsys');
      const v2Share =
        policy?.stable === 'recsys-v2-enc5'
          ? 1
          : (policy?.weights.find((w) => w.release === 'recsys-v2-enc5')?.weight ?? 0) / 100;
      const start = clock.now();
      for (let i = 0; i < 100; i += 1) {
        const onV2 = (i % 100) / 100 < v2Share;
        telemetry.record({
          model: 'recsys',
          release: onV2 ? 'recsys-v2-enc5' : 'recsys-v1-enc4',
          region: 'eu',
          at: start + i * 10,
          outcome: 'ok',
          latencyMs: (onV2 ? (latency.v2 ?? 1000) : (latency.v1 ?? 1000)) * (0.9 + (i % 10) / 50),
        });
      }
      clock.advance(1000);
      await controller.tick();
    },
    async close() {
      await controller.stop();
      await store.close();
      await server.close();
    },
  };
  return h;
}

/** A sampled TF Serving request of recsys, as the gateway records it. */
export function sampled(samples: SampleStore, release: string, body: unknown, at: number): void {
  samples.record({
    model: 'recsys',
    release,
    at,
    request: { method: 'POST', path: '/v1/models/recsys:predict', headers: {}, body },
    response: { headers: {}, body: { predictions: [{ items: [7] }] } },
    status: 200,
    latencyMs: 20,
  });
}
