import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { runIncidentDemo } from '../../demo/incident-replay/run-incident-demo.js';
import { verbOptions } from '../cli-context.js';
import { stopWhenLauncherExits } from '../launcher-watch.js';
import type { CliContext } from '../cli-context.js';
import { parsePort } from './up.js';

/** The example registry shipped with the package (examples/recommender). */
export function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'examples', 'recommender');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('examples/recommender not found next to the installed package');
}

function parsePortPair(value: string): [number, number] {
  const ports = value.split(',').map((part) => parsePort(part.trim()));
  if (ports.length !== 2) throw new InvalidArgumentError('give two ports, e.g. 9101,9102');
  return [ports[0]!, ports[1]!];
}

export function demoCommand(context: CliContext): Command {
  return new Command('demo')
    .description('replay the 2:17 AM incident: canary, promotion, diversity collapse, automatic rollback')
    .option('--data <dir>', 'data directory for the demo', './.ripcord')
    .option('--port <n>', 'API port', parsePort, 7070)
    .option('--gateway-port <n>', 'gateway port', parsePort, 8080)
    .option(
      '--model-ports <v1,v2>',
      'ports of the two example model servers (0,0: any free ports)',
      parsePortPair,
      [9101, 9102],
    )
    .option('--rate <n>', 'synthetic requests per second', (v) => Number(v), 200)
    .option('--exit', 'exit after the incident report instead of serving on')
    .action(async (_: unknown, command: Command) => {
      const options = verbOptions<{
        data: string;
        port: number;
        gatewayPort: number;
        modelPorts: [number, number];
        rate: number;
        exit?: boolean;
      }>(command);
      const unwatch = stopWhenLauncherExits();
      await runIncidentDemo({
        dataDir: resolve(options.data),
        examplesDir: examplesDir(),
        apiPort: options.port,
        gatewayPort: options.gatewayPort,
        modelPorts: options.modelPorts,
        rate: options.rate,
        exit: options.exit === true,
        out: context.io.stdout,
        untilSignal: context.untilSignal,
      }).finally(unwatch);
    });
}
