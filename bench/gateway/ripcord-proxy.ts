/**
 * The ripcord gateway as the benchmark runs it: all telemetry on (predictions, input quality,
 * 1 % sampled pairs, per-release sketches), 95/5 canary split, sticky on x-user-id.
 * Usage: ripcord-proxy.ts <port> <stablePort> <canaryPort> <workers>
 */
import type { RoutingSnapshot } from '../../src/gateway/index.js';
import { startGatewayCluster } from '../../src/gateway/index.js';

const [port, stable, canary, workers] = process.argv.slice(2).map(Number) as [number, number, number, number];
const at = new Date().toISOString();
const revisioned = { revision: 1, createdAt: at, updatedAt: at };
const serving = (p: number) => ({
  backends: [{ url: `http://127.0.0.1:${p}`, weight: 1 }],
  timeoutMs: 5_000,
  passHeaders: [],
  headers: {},
  env: {},
  healthPath: '/healthz',
});
const release = (name: string, p: number, version: number) => ({
  ...revisioned,
  name,
  model: 'recsys',
  modelVersion: version,
  features: [{ name: 'encoder', version: `v${version + 3}` }],
  serving: serving(p),
  description: '',
  healthyBaseline: false,
  archived: false,
  marks: [],
  createdBy: 'bench',
});

export const routes: RoutingSnapshot = {
  revision: 1,
  models: [
    {
      ...revisioned,
      name: 'recsys',
      owner: 'bench',
      description: '',
      protocol: 'tfserving',
      predictionPath: '$.predictions[*].items',
      inputSchema: {
        fields: {
          user_id: { type: 'integer', required: true, nullable: false },
          age: { type: 'number', required: true, nullable: false },
          country: { type: 'string', required: true, nullable: false },
          recent: { type: 'array', required: false, nullable: true },
        },
      },
    },
  ],
  releases: [release('v1', stable, 1), release('v2', canary, 2)],
  policies: [
    {
      model: 'recsys',
      stable: 'v1',
      weights: [{ release: 'v2', weight: 5 }],
      sticky: { source: 'header', key: 'x-user-id' },
      headerRoutes: [],
      regionHeader: 'x-region',
      regions: {},
      retryOnStable: true,
      revision: 1,
      updatedAt: at,
      updatedBy: 'bench',
    },
  ],
  flags: [],
};

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

await startGatewayCluster({
  workers,
  port,
  host: '127.0.0.1',
  routes,
  gateway: () => ({ logger: silent, telemetryOptions: { samples: { rate: 0.01 } } }),
});
process.on('SIGTERM', () => process.exit(0));
