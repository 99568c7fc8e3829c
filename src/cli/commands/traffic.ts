import { Command, InvalidArgumentError } from 'commander';
import { answered } from '../api-client.js';
import { ExitStatusError } from '../exit-status.js';
import type { CliContext } from '../cli-context.js';
import { outputOption, render } from '../output.js';
import { trafficColumns } from '../resource-views.js';

function collectWeight(value: string, previous: { release: string; weight: number }[]) {
  const match = /^([^=]+)=([\d.]+)%?$/.exec(value);
  if (!match?.[1] || !match[2])
    throw new InvalidArgumentError('write weights as RELEASE=PERCENT, e.g. recsys-v2-enc5=5');
  return [...previous, { release: match[1], weight: Number(match[2]) }];
}

export function trafficCommand(context: CliContext): Command {
  const traffic = new Command('traffic').description("show or set a model's traffic split");
  traffic
    .command('set')
    .description('set the stable release and canary weights (0.01 % granularity)')
    .argument('<model>')
    .requiredOption('--stable <release>', 'release that takes the remaining share')
    .option('--weight <release=percent>', 'a canary weight (repeatable)', collectWeight, [])
    .option('--sticky-header <name>', 'keep each user on one release, keyed by this header')
    .option('--reason <text>', 'why; recorded in the audit trail')
    .option('--revision <n>', 'only if the policy is still at this revision (412 otherwise)')
    .option(
      '--wait',
      'return once every gateway serves the new policy (up to 10 s); exit 1 naming the gateways that do not',
    )
    .addOption(outputOption())
    .action(
      async (
        model: string,
        options: {
          stable: string;
          weight: { release: string; weight: number }[];
          stickyHeader?: string;
          reason?: string;
          revision?: string;
          wait?: boolean;
        },
        command: Command,
      ) => {
        const client = context.client(command);
        const policy = await answered(
          client.typed.PUT('/api/v1/traffic/{model}', {
            params: {
              path: { model },
              ...(options.wait ? { query: { wait: 'true' as const } } : {}),
              header: {
                ...(options.reason ? { 'X-Ripcord-Reason': options.reason } : {}),
                ...(options.revision ? { 'If-Match': `"${options.revision}"` } : {}),
              },
            },
            body: {
              stable: options.stable,
              weights: options.weight,
              ...(options.stickyHeader ? { sticky: { source: 'header', key: options.stickyHeader } } : {}),
            },
          }),
          client.server,
        );
        const { applied } = policy;
        context.io.stdout(render(policy, context.format(command), trafficColumns));
        if (!applied) return;
        if (!applied.confirmed)
          throw new ExitStatusError(
            `traffic policy committed, not yet served everywhere: ${applied.message}`,
            1,
          );
        context.io.stderr(`${applied.message}\n`);
      },
    );
  return traffic;
}
