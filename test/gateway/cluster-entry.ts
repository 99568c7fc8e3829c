/** Test entry for the cluster suites: `cluster-entry.ts <port> <routes-json-file> [exportIntervalMs]`. */
import { readFileSync } from 'node:fs';

import { startGatewayCluster } from '../../src/gateway/gateway-cluster.js';
import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';

const [port, file, exportIntervalMs = '200'] = process.argv.slice(2) as [string, string, string?];
const routes = JSON.parse(readFileSync(file, 'utf8')) as RoutingSnapshot;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const handle = await startGatewayCluster({
  workers: 2,
  port: Number(port),
  routes,
  exportIntervalMs: Number(exportIntervalMs),
  gateway: () => ({
    logger: silent,
    telemetryOptions: { samples: { rate: 1 } },
    feedback: { auth: { token: 'cluster-feedback-token-0123' } },
  }),
});
if (handle.role === 'primary') {
  process.stdout.write('ready\n');
  // The merged sample evidence, one JSON line per signal, for the test to read.
  process.on('SIGUSR2', () => {
    const samples = ['v1', 'v2'].flatMap((r) => handle.telemetry.freeze('recsys', r));
    process.stdout.write(`samples ${JSON.stringify(samples)}\n`);
  });
  process.once('SIGTERM', () => void handle.close().then(() => process.exit(0)));
}
