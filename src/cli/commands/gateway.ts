import cluster from 'node:cluster';
import { Command } from 'commander';
import { setGlobalDispatcher } from 'undici';
import { startGatewayCluster } from '../../gateway/gateway-cluster.js';
import { readCredentials } from '../../server/credentials.js';
import { verbOptions } from '../cli-context.js';
import type { CliContext } from '../cli-context.js';
import { preflightControlPlane } from '../control-plane-preflight.js';
import { readTls, withServerFlags } from '../server-flags.js';
import type { ServerFlags } from '../server-flags.js';
import { agentTrusting } from '../trust.js';
import { parsePort } from './up.js';

interface GatewayVerbOptions extends ServerFlags {
  controlPlane: string;
  token?: string;
  data: string;
  ca?: string;
  port: number;
  grpcPort?: number;
  host: string;
  workers: number;
  state?: string;
  name?: string;
  telemetry: boolean;
}

export function gatewayCommand(context: CliContext): Command {
  const command = new Command('gateway')
    .description('run a gateway alone, following a control plane (fail-static when it is away)')
    .requiredOption('--control-plane <url>', 'control plane URL, e.g. http://ripcord-api:7070')
    .option(
      '--token <token>',
      'API token with the viewer role (env RIPCORD_TOKEN; default from <data>/credentials)',
    )
    .option('--data <dir>', 'data directory whose credentials hold a token', './.ripcord')
    .option('--ca <file>', "trust this CA certificate (PEM) for the control plane's HTTPS")
    .option('--port <n>', 'model traffic port', parsePort, 8080)
    .option('--grpc-port <n>', 'also serve KServe v2 / TF Serving gRPC model traffic on this port', parsePort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'worker processes (node:cluster), telemetry merged', (v) => Number(v), 1)
    .option('--state <file>', 'keep the last routing snapshot here and serve it at start')
    .option(
      '--name <name>',
      'how the control plane lists this gateway (routing reports, telemetry); default <hostname>:<pid>',
    )
    .option(
      '--no-telemetry',
      "keep this gateway's telemetry local instead of shipping its 1 s buckets to the control plane's judges",
    );
  return withServerFlags(command).action(async (_: unknown, self: Command) => {
    const options = verbOptions<GatewayVerbOptions>(self);
    const token = options.token ?? process.env['RIPCORD_TOKEN'] ?? readCredentials(options.data)?.token;
    const tls = readTls(options);
    const agent = agentTrusting(options.ca);
    if (agent) setGlobalDispatcher(agent);
    // A token the control plane refuses is a mistake to report now, not a 401 loop behind a
    // gateway that looks healthy; a control plane that is away is what fail-static is for.
    const preflight = cluster.isPrimary
      ? await preflightControlPlane(options.controlPlane, token)
      : { reachable: true as const };
    if (!preflight.reachable) {
      context.io.stderr(
        `warning: control plane ${options.controlPlane} unreachable (${preflight.reason}); serving the ` +
          'persisted routing table if any, and retrying\n',
      );
    }
    const handle = await startGatewayCluster({
      workers: options.workers,
      port: options.port,
      host: options.host,
      gateway: () => ({
        ...(tls ? { tls } : {}),
        shutdownTimeoutMs: options.shutdownTimeout * 1000,
        ...(options.grpcPort === undefined ? {} : { grpc: { port: options.grpcPort } }),
      }),
      controlPlane: {
        url: options.controlPlane,
        token,
        persistPath: options.state,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.telemetry ? {} : { shipping: false as const }),
      },
    });
    const port = handle.gateway?.address?.port ?? options.port;
    context.io.stdout(
      `gateway on ${tls ? 'https' : 'http'}://${options.host}:${port} following ${options.controlPlane}\n`,
    );
    const grpcPort = handle.gateway?.grpcPort ?? options.grpcPort;
    if (grpcPort !== undefined)
      context.io.stdout(`gateway serving gRPC (KServe v2, TF Serving) on ${options.host}:${grpcPort}\n`);
    await context.untilSignal();
    await handle.close();
  });
}
