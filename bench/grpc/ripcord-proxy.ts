/**
 * ripcord's gateway serving gRPC in front of the bench backend: a 95/5 canary split with
 * telemetry on every call (outcome, latency, predictions from the output tensor). Prints "ready <port>".
 */
import { createGateway } from '../../src/gateway/create-gateway.js';
import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';

const backend = `http://127.0.0.1:${process.argv[2]}`;
const now = '2026-01-01T00:00:00.000Z';
const stamp = { revision: 1, createdAt: now, updatedAt: now };
const release = (name: string) => ({
  ...stamp,
  name,
  model: 'bench',
  modelVersion: 1,
  features: [],
  description: '',
  healthyBaseline: false,
  archived: false,
  marks: [],
  createdBy: 'bench',
  serving: {
    backends: [{ url: backend, weight: 1 }],
    timeoutMs: 5000,
    passHeaders: [],
    headers: {},
    env: {},
    healthPath: '/healthz',
  },
});
const routes = {
  revision: 1,
  models: [
    {
      ...stamp,
      name: 'bench',
      owner: 'bench',
      description: '',
      protocol: 'kserve-v2',
      predictionPath: '$.outputs[0].data[*]',
    },
  ],
  releases: [release('bench-v1'), release('bench-v2')],
  policies: [
    {
      model: 'bench',
      stable: 'bench-v1',
      weights: [{ release: 'bench-v2', weight: 5 }],
      headerRoutes: [],
      regionHeader: 'x-region',
      regions: {},
      retryOnStable: true,
      revision: 1,
      updatedAt: now,
      updatedBy: 'bench',
    },
  ],
  flags: [],
} as unknown as RoutingSnapshot;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const gateway = createGateway({ logger: quiet, routes, grpc: { port: 0 } });
await gateway.listen(0);
process.stdout.write(`ready ${gateway.grpcPort}\n`);
process.on('SIGTERM', () => void gateway.close(1000).then(() => process.exit(0)));
