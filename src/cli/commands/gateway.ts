import cluster from 'node:cluster';
import { Command } from 'commander';
import { setGlobalDispatcher } from 'undici';
import {
  configFromCommand,
  configLogger,
  gatewayTuning,
  isJson,
  withConfigFlags,
} from '../../config/index.js';
import { ConfigError } from '../../config/index.js';
import { startGatewayCluster } from '../../gateway/gateway-cluster.js';
import { readCredentials } from '../../server/credentials.js';
import type { CliContext } from '../cli-context.js';
import { preflightControlPlane } from '../control-plane-preflight.js';
import { readTls } from '../server-flags.js';
import { agentTrusting } from '../trust.js';
import { announcer } from './announcer.js';

/**
 * `ripcord gateway`: every option but the token also comes from RIPCORD_* variables and
 * ripcord.yaml (flag > variable > file > default; see src/config/).
 */
export function gatewayCommand(context: CliContext): Command {
  const command = new Command('gateway')
    .description('run a gateway alone, following a control plane (fail-static when it is away)')
    .option(
      '--token <token>',
      'API token with the viewer role (env RIPCORD_TOKEN; default from <data>/credentials)',
    );
  return withConfigFlags(command, 'gateway').action(async (_: unknown, self: Command) => {
    const { config } = configFromCommand(self, 'gateway');
    const controlPlane = config.gateway.controlPlane;
    if (!controlPlane) {
      throw new ConfigError(
        'gateway: name the control plane to follow with --control-plane URL, RIPCORD_GATEWAY_CONTROL_PLANE ' +
          'or gateway.controlPlane in ripcord.yaml',
      );
    }
    const flagToken = (self.opts() as { token?: string }).token;
    const token = flagToken ?? process.env['RIPCORD_TOKEN'] ?? readCredentials(config.dataDir)?.token;
    const tls = readTls(config.tls);
    const agent = agentTrusting(config.gateway.ca);
    if (agent) setGlobalDispatcher(agent);
    const json = isJson(config, 1);
    const say = announcer(context, json, 'ripcord-gateway');
    const logger = configLogger(config, 1, 'ripcord-gateway');
    // A token the control plane refuses is a mistake to report now, not a 401 loop behind a
    // gateway that looks healthy; a control plane that is away is what fail-static is for.
    const preflight = cluster.isPrimary
      ? await preflightControlPlane(controlPlane, token)
      : { reachable: true as const };
    if (!preflight.reachable) {
      const warning =
        `control plane ${controlPlane} unreachable (${preflight.reason}); serving the ` +
        'persisted routing table if any, and retrying';
      if (json) logger.warn({ controlPlane }, warning);
      else context.io.stderr(`warning: ${warning}\n`);
    }
    const handle = await startGatewayCluster({
      workers: config.gateway.workers,
      port: config.gateway.port,
      host: config.host,
      gateway: () => ({
        ...gatewayTuning(config),
        logger,
        ...(tls ? { tls } : {}),
        shutdownTimeoutMs: config.shutdownTimeoutSeconds * 1000,
        ...(config.gateway.grpcPort === undefined ? {} : { grpc: { port: config.gateway.grpcPort } }),
      }),
      telemetry: { samples: gatewayTuning(config).telemetryOptions?.samples },
      controlPlane: {
        url: controlPlane,
        token,
        persistPath: config.gateway.statePath,
        logger,
        ...(config.gateway.name === undefined ? {} : { name: config.gateway.name }),
        ...(config.gateway.shipTelemetry ? {} : { shipping: false as const }),
      },
    });
    const port = handle.gateway?.address?.port ?? config.gateway.port;
    say(`gateway on ${tls ? 'https' : 'http'}://${config.host}:${port} following ${controlPlane}`);
    const grpcPort = handle.gateway?.grpcPort ?? config.gateway.grpcPort;
    if (grpcPort !== undefined)
      say(`gateway serving gRPC (KServe v2, TF Serving) on ${config.host}:${grpcPort}`);
    await context.untilSignal();
    await handle.close();
  });
}
