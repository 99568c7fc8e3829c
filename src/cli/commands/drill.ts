/**
 * `ripcord drill MODEL --fault F`: a game day on the control plane, followed until its record is
 * final (or `--no-wait`); `ripcord drill history [MODEL]`: the drills with their MTTR, newest
 * first, and "last drilled" per model.
 */
import { Command, Option } from 'commander';
import { formatSeconds } from '../../core/duration.js';
import { DRILL_FAULTS } from '../../controller/drill-mark.js';
import { PreconditionError } from '../../core/errors.js';
import type { DrillRecord } from '../../operations/drill/drill-record.js';
import { lastDrills } from '../../operations/drill/drill-record.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import type { Column } from '../output.js';

const enc = encodeURIComponent;

function mttr(record: DrillRecord): string {
  return record.mttr?.totalMs === undefined ? '-' : formatSeconds(record.mttr.totalMs);
}

export function describeDrill(record: DrillRecord): string {
  const lines = [
    `drill ${record.id} on ${record.model} (${record.fault}): ${record.outcome}`,
    `  ${record.message}`,
    `  drill release ${record.release} → rollback to ${record.target} (rollout ${record.rollout})`,
    `  triggers from ${record.triggersFrom}; external executors ${record.executors}`,
  ];
  if (record.incidentId) lines.push(`  incident ${record.incidentId} (marked as a drill; nobody was paged)`);
  for (const phase of record.mttr?.phases ?? [])
    lines.push(`  ${phase.phase.padEnd(13)} ${phase.ms === undefined ? '-' : formatSeconds(phase.ms)}`);
  if (record.mttr?.totalMs !== undefined)
    lines.push(`  MTTR          ${mttr(record)} (from the fault's injection to verified recovery)`);
  return `${lines.join('\n')}\n`;
}

const columns: Column<DrillRecord>[] = [
  { header: 'ID', value: (d) => d.id },
  { header: 'MODEL', value: (d) => d.model },
  { header: 'FAULT', value: (d) => d.fault },
  { header: 'STARTED', value: (d) => new Date(d.startedAt).toISOString() },
  { header: 'OUTCOME', value: (d) => d.outcome },
  { header: 'MTTR', value: mttr },
  { header: 'EXECUTORS', value: (d) => d.executors },
];

export function drillCommand(context: CliContext): Command {
  const drill = new Command('drill')
    .description(
      'run a rollback drill on a model (a game day: injected fault, real controller and plan, nobody paged)',
    )
    .argument('[model]', 'the model to drill')
    // `drill history -o json`: the option after the subcommand is the subcommand's.
    .enablePositionalOptions()
    .addOption(new Option('--fault <kind>', 'the fault to inject').choices([...DRILL_FAULTS]))
    .option('--weight <percent>', 'share of the model traffic the faulty drill release gets', '10')
    .option('--rps <n>', 'synthetic requests per second through the gateway during the drill (0: none)', '50')
    .option('--live-executors', 'run external executors for real (default: they only plan)')
    .option('--warmup <seconds>', 'healthy traffic before the fault is injected', '5')
    .option('--detect-within <seconds>', 'count the fault as not detected after this long', '90')
    .option('--no-wait', 'start the drill and return its record at once')
    .addOption(outputOption())
    .action(
      async (
        model: string | undefined,
        options: {
          fault?: string;
          weight: string;
          rps: string;
          liveExecutors?: boolean;
          warmup: string;
          detectWithin: string;
          wait: boolean;
        },
        command: Command,
      ) => {
        if (!model)
          throw new UsageError(
            'name the model to drill: ripcord drill MODEL --fault latency|errors|collapse|crash',
          );
        if (!options.fault) throw new UsageError(`--fault is required: one of ${DRILL_FAULTS.join(', ')}`);
        const number = (flag: string, text: string) => {
          const value = Number(text);
          if (!Number.isFinite(value) || value < 0)
            throw new UsageError(`${flag} takes a number, not "${text}"`);
          return value;
        };
        const client = context.client(command);
        let record = await client.send<DrillRecord>('POST', '/drills', {
          model,
          fault: options.fault,
          weight: number('--weight', options.weight),
          rps: Math.round(number('--rps', options.rps)),
          liveExecutors: options.liveExecutors ?? false,
          warmupMs: Math.round(number('--warmup', options.warmup) * 1000),
          detectWithinMs: Math.round(number('--detect-within', options.detectWithin) * 1000),
        });
        const format = context.format(command);
        if (options.wait) {
          if (isHumanFormat(format)) context.io.stdout(`drill ${record.id} started: ${record.message}\n`);
          while (record.outcome === 'running') {
            await new Promise((resolve) => setTimeout(resolve, 500));
            record = await client.get<DrillRecord>(`/drills/${enc(record.id)}`);
          }
        }
        context.io.stdout(isHumanFormat(format) ? describeDrill(record) : render(record, format, []));
        if (options.wait && record.outcome !== 'recovered')
          throw new PreconditionError(`drill ${record.id} ${record.outcome}: ${record.message}`);
      },
    );
  drill
    .command('history')
    .description('drills newest first, with "last drilled" per model')
    .argument('[model]', 'only this model')
    .addOption(outputOption())
    .action(async (model: string | undefined, _options: unknown, command: Command) => {
      const records = await context.client(command).get<DrillRecord[]>('/drills', { model });
      const format = context.format(command);
      if (!isHumanFormat(format)) return context.io.stdout(render(records, format, []));
      const last = [...lastDrills(records).values()].map(
        (d) =>
          `last drilled ${d.model}: ${new Date(d.startedAt).toISOString()} (${d.fault}, ${d.outcome}, MTTR ${mttr(d)})`,
      );
      context.io.stdout(
        `${render(records, format, columns)}${last.length > 0 ? `\n${last.join('\n')}\n` : ''}`,
      );
    });
  return drill;
}
