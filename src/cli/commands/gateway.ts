import { Command } from 'commander';
import { startGatewayCluster } from '../../gateway/gateway-cluster.js';
import type { CliContext } from '../cli-context.js';
import { readCredentials } from '../../server/credentials.js';
import { parsePort } from './up.js';

export function gatewayCommand(context: CliContext): Command {
  return new Command('gateway')
    .description('run a gateway alone, following a control plane (fail-static when it is away)')
    .requiredOption('--control-plane <url>', 'control plane URL, e.g. http://ripcord-api:7070')
    .option('--token <token>', 'API token with the viewer role (env RIPCORD_TOKEN)')
    .option('--port <n>', 'model traffic port', parsePort, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'worker processes (node:cluster), telemetry merged', (v) => Number(v), 1)
    .option('--state <file>', 'keep the last routing snapshot here and serve it at start')
    .action(
      async (
        options: {
          controlPlane: string;
          token?: string;
          port: number;
          host: string;
          workers: number;
          state?: string;
        },
        command: Command,
      ) => {
        const token =
          options.token ??
          process.env['RIPCORD_TOKEN'] ??
          readCredentials(command.optsWithGlobals<{ data?: string }>().data ?? './.ripcord')?.token;
        const handle = await startGatewayCluster({
          workers: options.workers,
          port: options.port,
          host: options.host,
          controlPlane: { url: options.controlPlane, token, persistPath: options.state },
        });
        context.io.stdout(`gateway on ${options.host}:${options.port} following ${options.controlPlane}\n`);
        await context.untilSignal();
        await handle.close();
      },
    );
}
