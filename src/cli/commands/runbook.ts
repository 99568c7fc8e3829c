/**
 * `ripcord runbook render|lint|exec MODEL`: the model's one-page runbook built from what ripcord
 * knows, its stale or missing steps (exit 1), and a walk through its manual steps with a
 * confirmation each, every answer recorded in the audit trail.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { parseTrigger } from '../../analysis/triggers/index.js';
import { PreconditionError } from '../../core/errors.js';
import { triggersWithoutAlert } from '../../operations/alert-rules-file.js';
import type { RunbookProblem } from '../../operations/runbook/lint-runbook.js';
import { runbookHtml, runbookMarkdown } from '../../operations/runbook/render-runbook.js';
import type { Runbook } from '../../operations/runbook/runbook.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { readRulesFile } from './doctor.js';

type RunbookView = Runbook & { triggers: string[] };

const enc = encodeURIComponent;
const RULES_HELP = 'the Prometheus rules file (`ripcord alerts export`): each trigger must have its alert';

/** The control plane's problems plus the ones only the rules file shows. */
function problemsOf(view: RunbookView, rulesFile: string | undefined): RunbookProblem[] {
  const rules = readRulesFile(rulesFile, view.model);
  const extra: RunbookProblem[] = [];
  if (rules?.error)
    extra.push({
      step: 'alerts',
      problem: `${rules.file ?? ''}: ${rules.error}`,
      fix: `\`ripcord alerts export ${view.model}\``,
    });
  for (const t of triggersWithoutAlert(
    view.triggers.map((x) => parseTrigger(x, 'trigger')),
    rules,
  ))
    extra.push({
      step: 'alerts',
      problem: `trigger "${t.source}" has no alert in ${rules?.file ?? ''}`,
      fix: `regenerate with \`ripcord alerts export ${view.model}\``,
    });
  return [...view.problems, ...extra];
}

export function runbookCommand(context: CliContext): Command {
  const runbook = new Command('runbook').description(
    "a model's rollback runbook, built from what ripcord knows",
  );
  runbook
    .command('render')
    .description(
      'print the one-page runbook (owner, releases, triggers in words, commands, verification, who is notified)',
    )
    .argument('<model>')
    .option('-o, --output <format>', 'md | html | json', 'md')
    .option('--out <file>', 'write it to this file instead of stdout')
    .option('--alert-rules <file>', RULES_HELP)
    .action(
      async (
        model: string,
        options: { output: string; out?: string; alertRules?: string },
        command: Command,
      ) => {
        const view = await context.client(command).get<RunbookView>(`/models/${enc(model)}/runbook`);
        const book = { ...view, problems: problemsOf(view, options.alertRules) };
        const text =
          options.output === 'md'
            ? runbookMarkdown(book)
            : options.output === 'html'
              ? runbookHtml(book)
              : options.output === 'json'
                ? `${JSON.stringify(book, null, 2)}\n`
                : undefined;
        if (text === undefined)
          throw new UsageError(`-o/--output must be md, html or json (got "${options.output}")`);
        if (options.out) {
          writeFileSync(options.out, text);
          context.io.stdout(`wrote ${options.out}\n`);
        } else context.io.stdout(text);
      },
    );
  runbook
    .command('lint')
    .description(
      'fail (exit 1) when a step is missing or stale: a trigger without an alert, a cold target, a credential not set',
    )
    .argument('<model>')
    .option('--alert-rules <file>', RULES_HELP)
    .addOption(outputOption())
    .action(async (model: string, options: { alertRules?: string }, command: Command) => {
      const view = await context.client(command).get<RunbookView>(`/models/${enc(model)}/runbook`);
      const problems = problemsOf(view, options.alertRules);
      const format = context.format(command);
      if (!isHumanFormat(format)) context.io.stdout(render(problems, format, []));
      else if (problems.length === 0) context.io.stdout(`runbook ${model}: every step in place\n`);
      else
        context.io.stdout(
          `${problems.map((p) => `${model}: ${p.step}: ${p.problem}\n  fix: ${p.fix}`).join('\n')}\n`,
        );
      if (problems.length > 0)
        throw new PreconditionError(
          `runbook ${model}: ${problems.length} step${problems.length === 1 ? '' : 's'} missing or stale`,
        );
    });
  runbook
    .command('exec')
    .description(
      'walk the manual steps, asking to confirm each (y = done, s = skip, q = stop); each answer goes to the audit trail',
    )
    .argument('<model>')
    .option('--reason <text>', 'why the runbook is being run, recorded with each step')
    .action(async (model: string, options: { reason?: string }, command: Command) => {
      const client = context.client(command);
      const view = await client.get<RunbookView>(`/models/${enc(model)}/runbook`);
      const steps = view.sections.flatMap((s) => s.steps ?? []);
      const answers = lines(context.io.stdin ?? process.stdin);
      let recorded = 0;
      for (const [i, step] of steps.entries()) {
        context.io.stdout(
          `step ${i + 1}/${steps.length}: ${step.text}\n${step.command ? `  $ ${step.command}\n` : ''}done? [y/s/q] `,
        );
        const answer = ((await answers.next()).value ?? 'q').trim().toLowerCase();
        context.io.stdout('\n');
        if (answer === 'q' || answer === '') {
          context.io.stdout(`stopped at step ${i + 1}; ${recorded} recorded\n`);
          return;
        }
        const outcome =
          answer === 'y' || answer === 'yes'
            ? 'done'
            : 's' === answer || answer === 'skip'
              ? 'skipped'
              : undefined;
        if (!outcome) throw new UsageError(`answer y (done), s (skip) or q (stop), not "${answer}"`);
        await client.send('POST', `/models/${enc(model)}/runbook/steps`, {
          step: step.text,
          command: step.command,
          outcome,
          reason: options.reason,
        });
        recorded += 1;
      }
      context.io.stdout(`runbook ${model}: ${recorded} steps recorded in the audit trail\n`);
    });
  return runbook;
}

/** Lines of a stream, one per `next()`; done at its end. */
async function* lines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const reader = createInterface({ input, terminal: false });
  try {
    for await (const line of reader) yield line;
  } finally {
    reader.close();
  }
}
