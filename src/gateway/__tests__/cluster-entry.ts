/** Test entry for the cluster suite: `cluster-entry.ts <port> <routes-json-file>`. */
import { readFileSync } from 'node:fs';

import { startGatewayCluster } from '../gateway-cluster.js';
import type { RoutingSnapshot } from '../routing-snapshot.js';

const [port, file] = process.argv.slice(2) as [string, string];
const routes = JSON.parse(readFileSync(file, 'utf8')) as RoutingSnapshot;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const handle = await startGatewayCluster({
  workers: 2,
  port: Number(port),
  routes,
  exportIntervalMs: 200,
  gateway: () => ({ logger: silent }),
});
if (handle.role === 'primary') {
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void handle.close().then(() => process.exit(0)));
}
