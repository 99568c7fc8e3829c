/**
 * The ripcord gateway as the benchmark runs it: all telemetry on (predictions, input quality,
 * 1 % sampled pairs, per-release sketches), 95/5 canary split, sticky on x-user-id.
 * Usage: ripcord-proxy.ts <port> <stablePort> <canaryPort> <workers> [inspect share]
 */
import { startGatewayCluster } from '../../src/gateway/index.js';
import { benchRoutes } from './bench-routes.js';

const [port, stable, canary, workers, inspect] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number,
  number | undefined,
];
const share = inspect ?? Number(process.env.RIPCORD_BENCH_INSPECT ?? 1);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const handle = await startGatewayCluster({
  workers,
  port,
  host: '127.0.0.1',
  routes: benchRoutes(stable, canary),
  gateway: () => ({
    logger: silent,
    telemetryOptions: { samples: { rate: 0.01 } },
    inspection: { inputs: share, predictions: share },
  }),
});
// The port opens with the first worker; "ready" means every worker listens and holds the table.
if (handle.role !== 'worker') process.stdout.write('ready\n');
process.on('SIGTERM', () => process.exit(0));
