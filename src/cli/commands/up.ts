import { Command, InvalidArgumentError } from 'commander';
import {
  configFromCommand,
  configLogger,
  gatewayTuning,
  isJson,
  withConfigFlags,
} from '../../config/index.js';
import { clusterRouters, readClusterRoutes } from '../../kubernetes/cluster-routes.js';
import { standardPlugins } from '../../server/standard-plugins.js';
import { startControlPlane } from '../../server/start-control-plane.js';
import type { CliContext } from '../cli-context.js';
import { stopWhenLauncherExits } from '../launcher-watch.js';
import { readTls } from '../server-flags.js';
import { announcer } from './announcer.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('give a port number from 0 to 65535');
  }
  return port;
}

/**
 * `ripcord up`: every option also comes from RIPCORD_* variables and ripcord.yaml
 * (flag > variable > file > default; see src/config/).
 */
export function upCommand(context: CliContext): Command {
  const command = new Command('up').description('run the control plane (API, registry) until interrupted');
  return withConfigFlags(command, 'up').action(async (_: unknown, self: Command) => {
    const { config } = configFromCommand(self, 'up');
    const tls = readTls(config.tls);
    const shutdownTimeoutMs = config.shutdownTimeoutSeconds * 1000;
    const logger = configLogger(config, 2);
    const say = announcer(context, isJson(config, 1));
    const clusterRoutes = config.controller.trafficRoutes
      ? await clusterRouters(readClusterRoutes(config.controller.trafficRoutes))
      : undefined;
    const parts = standardPlugins({
      gateway: {
        port: config.gateway.port,
        host: config.host,
        tls,
        shutdownTimeoutMs,
        tuning: gatewayTuning(config),
        grpcPort: config.gateway.grpcPort,
      },
      controller: {
        clusterRoutes,
        controller: {
          maxLookStride: config.controller.maxLookStride,
          ...(config.controller.shards === undefined ? {} : { shards: config.controller.shards }),
        },
      },
    });
    const plane = await startControlPlane({
      plugins: parts.list,
      dataDir: config.dataDir,
      databaseUrl: config.database.url,
      port: config.api.port,
      host: config.host,
      tls,
      shutdownTimeoutMs,
      bodyLimit: config.api.bodyLimitBytes,
      logger,
    });
    say(`ripcord control plane listening on ${plane.url} (${plane.store.dialect.description})`);
    say(`gateway serving model traffic on ${parts.gateway.url()}; controller running`);
    const grpcPort = parts.gateway.gateway().grpcPort;
    if (grpcPort !== undefined)
      say(`gateway serving gRPC (KServe v2, TF Serving) on ${config.host}:${grpcPort}`);
    say(`dashboard on ${plane.url}/ (sign in with an API token)`);
    if (plane.bootstrapToken) {
      say(
        `admin token created and saved to ${plane.credentialsFile} (mode 0600); the CLI uses it by default`,
      );
    }
    const unwatch = stopWhenLauncherExits();
    await context.untilSignal();
    unwatch();
    say(`shutting down: letting requests in flight finish (up to ${config.shutdownTimeoutSeconds} s)`);
    await plane.close();
    say('stopped');
  });
}
