import { Command, InvalidArgumentError } from 'commander';
import { destination, pino } from 'pino';
import { clusterRouters, readClusterRoutes } from '../../kubernetes/cluster-routes.js';
import { standardPlugins } from '../../server/standard-plugins.js';
import { startControlPlane } from '../../server/start-control-plane.js';
import { verbOptions } from '../cli-context.js';
import type { CliContext } from '../cli-context.js';
import { stopWhenLauncherExits } from '../launcher-watch.js';
import { positiveBytes, readTls, withServerFlags } from '../server-flags.js';
import type { ServerFlags } from '../server-flags.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('give a port number from 0 to 65535');
  }
  return port;
}

interface UpOptions extends ServerFlags {
  data: string;
  database?: string;
  port: number;
  host: string;
  gatewayPort: number;
  grpcPort?: number;
  logLevel: string;
  bodyLimit: number;
  trafficRoutes?: string;
  controllerShards?: number;
}

export function upCommand(context: CliContext): Command {
  const command = new Command('up')
    .description('run the control plane (API, registry) until interrupted')
    .option('--data <dir>', 'data directory (SQLite file, credentials)', './.ripcord')
    .option(
      '--database <url>',
      'postgres://… or a SQLite path (default: <data>/ripcord.db; env RIPCORD_DATABASE_URL)',
    )
    .option('--port <n>', 'API port', parsePort, 7070)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--gateway-port <n>', 'model traffic (gateway) port', parsePort, 8080)
    .option('--grpc-port <n>', 'also serve KServe v2 / TF Serving gRPC model traffic on this port', parsePort)
    .option('--log-level <level>', 'log level (silent, info, debug)', 'info')
    .option(
      '--body-limit <bytes>',
      'largest API request body (e.g. a big manifest)',
      positiveBytes,
      1024 * 1024,
    )
    .option(
      '--traffic-routes <file>',
      'YAML naming, per model, the Istio VirtualService route, Gateway API HTTPRoute rule or HAProxy backend the controller also moves (see docs/kubernetes.md)',
    )
    .option(
      '--controller-shards <n>',
      'share the models among every control plane on this PostgreSQL database, in n shards (each controller leads about n / controllers)',
      parseShards,
    );
  return withServerFlags(command).action(async (_: unknown, self: Command) => {
    const options = verbOptions<UpOptions>(self);
    const tls = readTls(options);
    const shutdownTimeoutMs = options.shutdownTimeout * 1000;
    const clusterRoutes = options.trafficRoutes
      ? clusterRouters(readClusterRoutes(options.trafficRoutes))
      : undefined;
    const parts = standardPlugins({
      gateway: {
        port: options.gatewayPort,
        host: options.host,
        tls,
        shutdownTimeoutMs,
        grpcPort: options.grpcPort,
      },
      controller: {
        clusterRoutes,
        ...(options.controllerShards === undefined
          ? {}
          : { controller: { shards: options.controllerShards } }),
      },
    });
    const plane = await startControlPlane({
      plugins: parts.list,
      dataDir: options.data,
      databaseUrl: options.database ?? process.env['RIPCORD_DATABASE_URL'],
      port: options.port,
      host: options.host,
      tls,
      shutdownTimeoutMs,
      bodyLimit: options.bodyLimit,
      logger: pino({ level: options.logLevel }, destination(2)),
    });
    context.io.stdout(
      `ripcord control plane listening on ${plane.url} (${plane.store.dialect.description})\n`,
    );
    context.io.stdout(`gateway serving model traffic on ${parts.gateway.url()}; controller running\n`);
    const grpcPort = parts.gateway.gateway().grpcPort;
    if (grpcPort !== undefined)
      context.io.stdout(`gateway serving gRPC (KServe v2, TF Serving) on ${options.host}:${grpcPort}\n`);
    context.io.stdout(`dashboard on ${plane.url}/ (sign in with an API token)\n`);
    if (plane.bootstrapToken) {
      context.io.stdout(
        `admin token created and saved to ${plane.credentialsFile} (mode 0600); the CLI uses it by default\n`,
      );
    }
    const unwatch = stopWhenLauncherExits();
    await context.untilSignal();
    unwatch();
    context.io.stdout(
      `shutting down: letting requests in flight finish (up to ${options.shutdownTimeout} s)\n`,
    );
    await plane.close();
    context.io.stdout('stopped\n');
  });
}

function parseShards(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 4096)
    throw new InvalidArgumentError('--controller-shards: a whole number from 1 to 4096, e.g. 16');
  return n;
}
