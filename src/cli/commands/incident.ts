/**
 * `ripcord incident`: list (filters, newest first), describe, report (md, html, json; charts as
 * files), export (the evidence archive) and onset (when the fault began, for the recovery time).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { formatIncidentReport } from '../../incidents/index.js';
import type { Incident } from '../../incidents/index.js';
import type { IncidentReport } from '../../incidents/report/build-report.js';
import { renderChartSvg } from '../../incidents/report/svg-chart.js';
import { parseInstant } from '../../registry/parse-instant.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { incidentColumns, incidentNaming } from '../resource-views.js';

const enc = encodeURIComponent;

const REPORT_FORMATS = ['md', 'html', 'json'] as const;

export interface ListFilters {
  model?: string | undefined;
  status?: string | undefined;
  since?: string | undefined;
  limit?: string | undefined;
}

export function incidentCommand(context: CliContext): Command {
  const incident = new Command('incident').description(
    'incidents opened by rollbacks: recovery time, evidence, reports, archives',
  );
  incident
    .command('list')
    .description('incidents, newest first')
    .option('--model <name>', 'only incidents of this model')
    .option(
      '--status <status>',
      'only incidents in this status (detected, triaged, verifying, resolved, escalated)',
    )
    .option(
      '--since <when>',
      'only incidents decided since then: a duration back (1h, 7d) or a time (ISO 8601)',
    )
    .option('--limit <n>', 'at most this many')
    .addOption(outputOption())
    .action(async (options: ListFilters, command: Command) => {
      const { model, status, since, limit } = options;
      const incidents = await context
        .client(command)
        .get<Incident[]>('/incidents', { model, status, since, limit });
      context.io.stdout(render(incidents, context.format(command), incidentColumns, incidentNaming));
    });
  incident
    .command('describe')
    .description('one incident: recovery time, phases, actions, evidence')
    .argument('<id>')
    .addOption(outputOption())
    .action(async (id: string, _options: unknown, command: Command) => {
      const found = await context.client(command).get<Incident>(`/incidents/${enc(id)}`);
      const format = context.format(command);
      context.io.stdout(isHumanFormat(format) ? formatIncidentReport(found) : render(found, format, []));
    });
  incident
    .command('report')
    .description(
      'the incident report: summary, timeline, recovery time, severity, impact, charts, sections to fill in',
    )
    .argument('<id>')
    .option('-o, --output <format>', 'md | html | json', 'md')
    .option(
      '--out <file>',
      'write the report to this file and each chart beside it as charts/<name>.svg (default: print the report)',
    )
    .action(async (id: string, options: { output: string; out?: string }, command: Command) => {
      const format = options.output;
      if (!(REPORT_FORMATS as readonly string[]).includes(format))
        throw new UsageError(
          `-o/--output for a report is one of ${REPORT_FORMATS.join(', ')} (got "${format}")`,
        );
      const client = context.client(command);
      const { body } = await client.download(`/incidents/${enc(id)}/report`, { format });
      if (!options.out) {
        context.io.stdout(body.toString('utf8'));
        return;
      }
      const file = resolve(options.out);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      const report = await client.get<IncidentReport>(`/incidents/${enc(id)}/report`, { format: 'json' });
      const charts = join(dirname(file), 'charts');
      if (report.charts.length > 0) mkdirSync(charts, { recursive: true });
      for (const chart of report.charts)
        writeFileSync(join(charts, `${chart.slug}.svg`), renderChartSvg(chart));
      context.io.stdout(
        `${file}\n${report.charts.map((c) => `${join(charts, `${c.slug}.svg`)}\n`).join('')}`,
      );
    });
  incident
    .command('export')
    .description('write the evidence archive (tar.gz: incident, evidence, report, charts, SHA256SUMS)')
    .argument('<id>')
    .option('-f, --file <path>', 'where to write it (default ./<id>.tar.gz)')
    .action(async (id: string, options: { file?: string }, command: Command) => {
      const { body } = await context.client(command).download(`/incidents/${enc(id)}/export`);
      const file = resolve(options.file ?? `${id}.tar.gz`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      context.io.stdout(
        `${file} (${body.length} bytes; check with: tar xzf ${file} && cd ${id} && sha256sum -c SHA256SUMS)\n`,
      );
    });
  incident
    .command('onset')
    .description('record when the fault began (once; it sets where the recovery time starts)')
    .argument('<id>')
    .requiredOption('--at <time>', 'when the fault began: ISO 8601 or epoch ms')
    .addOption(outputOption())
    .action(async (id: string, options: { at: string }, command: Command) => {
      let at: number;
      try {
        at = Date.parse(parseInstant('at', options.at));
      } catch (error) {
        throw new UsageError(`--at: ${(error as Error).message.replace(/^at: /, '')}`);
      }
      const updated = await context
        .client(command)
        .send<Incident>('POST', `/incidents/${enc(id)}/onset`, { at });
      const format = context.format(command);
      context.io.stdout(isHumanFormat(format) ? formatIncidentReport(updated) : render(updated, format, []));
    });
  return incident;
}
